// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

/**
 * Request initiated from the server and sent to the client.
 */
export type ServerRequest = never;
