import { createHash, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import type { WsAuthSpec } from "./options.js";

/** Thrown when the configured token cannot be obtained; the process exits 2. */
export class WsAuthConfigError extends Error {}

/**
 * Checks `Authorization: Bearer <token>` on WebSocket upgrades. Only the
 * SHA-256 digest of the expected token is kept; the presented token is hashed
 * too and the two 32-byte digests are compared with `timingSafeEqual`, so the
 * comparison takes the same time whatever the token's length or content.
 */
export class BearerTokenAuth {
  private constructor(private readonly expectedDigest: Buffer) {}

  static fromToken(token: string): BearerTokenAuth {
    return new BearerTokenAuth(sha256(token));
  }

  static resolve(spec: WsAuthSpec, env: NodeJS.ProcessEnv = process.env): BearerTokenAuth {
    switch (spec.kind) {
      case "env": {
        const token = env[spec.name];
        if (token === undefined) throw new WsAuthConfigError(`--ws-token-env ${spec.name}: environment variable ${spec.name} is not set`);
        if (token.trim() === "") throw new WsAuthConfigError(`--ws-token-env ${spec.name}: environment variable ${spec.name} is empty`);
        return BearerTokenAuth.fromToken(token.trim());
      }
      case "file": {
        let token: string;
        try {
          token = readFileSync(spec.path, "utf8").trim();
        } catch (error) {
          throw new WsAuthConfigError(`--ws-token-file ${spec.path}: ${(error as Error).message}`);
        }
        if (token === "") throw new WsAuthConfigError(`--ws-token-file ${spec.path}: the file is empty`);
        return BearerTokenAuth.fromToken(token);
      }
      case "sha256": {
        if (!/^[0-9a-fA-F]{64}$/.test(spec.hex)) throw new WsAuthConfigError("--ws-token-sha256 needs 64 hexadecimal digits");
        return new BearerTokenAuth(Buffer.from(spec.hex, "hex"));
      }
    }
  }

  /** True when the request carries the expected bearer token. */
  check(request: IncomingMessage): boolean {
    const header = request.headers.authorization;
    const match = typeof header === "string" ? /^Bearer[ \t]+(.+?)[ \t]*$/i.exec(header) : null;
    // Hash something even without a token so the work done does not depend on the header.
    const presented = sha256(match ? match[1]! : "");
    return timingSafeEqual(presented, this.expectedDigest) && match !== null;
  }
}

function sha256(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}
