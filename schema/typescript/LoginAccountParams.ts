// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { LoginAppBrand } from "./LoginAppBrand";

export type LoginAccountParams = {
  type: "apiKey";
  apiKey: string;
} | {
  type: "chatgpt";
  codexStreamlinedLogin?: boolean;
  useHostedLoginSuccessPage?: boolean;
  appBrand?: LoginAppBrand | null;
} | {
  type: "chatgptDeviceCode";
} | {
  type: "chatgptAuthTokens";
  accessToken: string;
  chatgptAccountId: string;
  chatgptPlanType?: string | null;
} | {
  type: "amazonBedrock";
  apiKey: string;
  region: string;
} | {
  type: "amazonBedrockAccessKeys";
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | null;
  region: string;
};
