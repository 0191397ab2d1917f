// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type LoginAccountResponse = {
  type: "apiKey";
} | {
  type: "chatgpt";
  loginId: string;
  authUrl: string;
} | {
  type: "chatgptDeviceCode";
  loginId: string;
  verificationUrl: string;
  userCode: string;
} | {
  type: "chatgptAuthTokens";
} | {
  type: "amazonBedrock";
};
