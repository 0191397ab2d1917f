#!/usr/bin/env node
import { USAGE, UsageError, parseArgs, type Command } from "./cli-args.js";
import { PACKAGE_VERSION, CODEX_PROTOCOL_VERSION } from "./version.js";

function fail(message: string): never {
  process.stderr.write(`agent-app-server: ${message}\nTry 'agent-app-server --help' for more information.\n`);
  process.exit(2);
}

async function main(argv: readonly string[]): Promise<void> {
  let command: Command;
  try {
    command = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) fail(error.message);
    throw error;
  }
  switch (command.kind) {
    case "help":
      process.stdout.write(USAGE);
      return;
    case "version":
      process.stdout.write(`agent-app-server ${PACKAGE_VERSION} (codex app-server protocol ${CODEX_PROTOCOL_VERSION})\n`);
      return;
    case "serve": {
      const { serveStdio } = await import("./serve.js");
      serveStdio(command);
      return;
    }
    case "generate-json-schema":
    case "generate-ts": {
      const { generate } = await import("./schema-gen/index.js");
      await generate(command.kind === "generate-ts" ? "typescript" : "json", command.out, command.experimental);
      return;
    }
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`agent-app-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
