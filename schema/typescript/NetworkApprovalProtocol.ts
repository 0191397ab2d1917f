// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type NetworkApprovalProtocol = "http" | "https" | "socks5Tcp" | "socks5Udp";
