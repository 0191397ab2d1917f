// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type JsonValue = string | number | boolean | null | Array<JsonValue> | { [key: string]: JsonValue };
