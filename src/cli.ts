#!/usr/bin/env node
import { USAGE, UsageError, parseArgs, type Command } from "./cli-args.js";
import { PACKAGE_VERSION, CODEX_PROTOCOL_VERSION } from "./version.js";

function fail(message: string): never {
  process.stderr.write(`agent-app-server: ${message} (see --help)\n`);
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
      if (command.target.kind === "stdio") {
        const { serveStdio } = await import("./serve.js");
        serveStdio(command);
        return;
      }
      const { serveRemote, StartupConfigError } = await import("./serve-remote.js");
      try {
        await serveRemote({ ...command, target: command.target });
      } catch (error) {
        if (error instanceof StartupConfigError) {
          process.stderr.write(`agent-app-server: ${error.message}\n`);
          process.exit(2);
        }
        throw error;
      }
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
