// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ServerDiagnosticsGauge } from "./ServerDiagnosticsGauge";
import type { ServerDiagnosticsProcess } from "./ServerDiagnosticsProcess";

export type ServerDiagnosticsResponse = {
  process: ServerDiagnosticsProcess;
  gauges: Array<ServerDiagnosticsGauge>;
};
