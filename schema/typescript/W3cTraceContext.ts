// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type W3cTraceContext = {
  traceparent?: string | null;
  tracestate?: string | null;
};
