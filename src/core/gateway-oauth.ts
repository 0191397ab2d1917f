import type { LoadedConfig } from "../config/load.js";
import { listModelProviders } from "../config/model-providers.js";
import { invalidRequest, type RpcError } from "../protocol/errors.js";

/**
 * account/gatewayOAuth/*: this server knows no provider whose gateway signs
 * in with OAuth, so every configured provider reads as not needing it and a
 * login is refused, as the reference answers for such providers.
 */

function notConfigured(providerId: string): RpcError {
  return invalidRequest(
    `This chat uses model provider “${providerId}”, which is no longer configured. Restore this provider’s configuration to continue.`,
    { type: "modelProviderNotConfigured", modelProvider: providerId },
  );
}

/** The named provider (default: the configured one), or the reference's modelProviderNotConfigured error. */
function configuredProvider(config: LoadedConfig, modelProvider: string | null | undefined): { id: string; name: string } {
  const id = modelProvider ?? config.settings.modelProvider;
  const provider = listModelProviders(config).data.find((candidate) => candidate.id === id);
  if (!provider) throw notConfigured(id);
  return { id: provider.id, name: provider.name };
}

export function readGatewayOAuth(config: LoadedConfig, modelProvider: string | null | undefined) {
  const provider = configuredProvider(config, modelProvider);
  return { providerId: provider.id, providerName: provider.name, required: false, supportsDeviceAuth: false, status: null, error: null };
}

export function startGatewayOAuthLogin(config: LoadedConfig, modelProvider: string | null | undefined): never {
  configuredProvider(config, modelProvider);
  throw invalidRequest("The selected provider does not use gateway OAuth");
}
