import type { ServerDiagnosticsResponse } from "../protocol/diagnostics.js";

/**
 * server/diagnostics: this process and its gauges. As in the reference, a
 * gauge is listed from the first snapshot that saw it in use (value above 0)
 * on, then with whatever value it has, zero included; names sort
 * alphabetically.
 */
export class ServerDiagnostics {
  private readonly registered = new Set<string>();

  constructor(private readonly gauges: Readonly<Record<string, () => number>>) {}

  snapshot(): ServerDiagnosticsResponse {
    const values = Object.entries(this.gauges).map(([name, read]) => ({ name, value: Math.max(0, Math.floor(read())) }));
    for (const gauge of values) if (gauge.value > 0) this.registered.add(gauge.name);
    return {
      process: { id: process.pid, residentMemoryBytes: process.memoryUsage.rss(), physicalFootprintBytes: null },
      gauges: values.filter((gauge) => this.registered.has(gauge.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    };
  }
}
