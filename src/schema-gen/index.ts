export async function generate(format: "json" | "typescript", out: string, experimental: boolean): Promise<void> {
  throw new Error(`schema generation (${format} to ${out}, experimental=${experimental}) is not built yet`);
}
