// A small command-line parser for the peer scripts: `--name value` and `--flag`, nothing else.

import { EXIT } from "./exit-codes.mjs";

/**
 * Parses process.argv against `spec` = {name: {kind: "string"|"int"|"bool"|"list", default, help}}.
 * On an unknown option or a bad value it prints the usage to stderr and exits with EXIT.USAGE.
 */
export function parseArgs(script, summary, spec, argv = process.argv.slice(2)) {
  const options = {};
  for (const [name, option] of Object.entries(spec)) {
    options[name] = option.default;
  }
  const usage = () => {
    const lines = [script + ": " + summary, "options:"];
    for (const [name, option] of Object.entries(spec)) {
      lines.push("  --" + name + (option.kind === "bool" ? "" : " <" + option.kind + ">") + "  " + option.help
        + (option.default !== undefined && option.kind !== "bool" ? " (default: " + option.default + ")" : ""));
    }
    return lines.join("\n");
  };
  const fail = (problem) => {
    process.stderr.write(script + ": " + problem + "\n" + usage() + "\n");
    process.exit(EXIT.USAGE);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") {
      process.stdout.write(usage() + "\n");
      process.exit(0);
    }
    if (!arg.startsWith("--") || !(arg.slice(2) in spec)) {
      fail("unknown argument " + JSON.stringify(arg));
    }
    const name = arg.slice(2);
    const option = spec[name];
    if (option.kind === "bool") {
      options[name] = true;
      continue;
    }
    if (i + 1 >= argv.length) {
      fail("--" + name + " needs a value");
    }
    const value = argv[++i];
    if (option.kind === "int") {
      if (!/^-?\d+$/.test(value)) {
        fail("--" + name + " must be an integer; got " + JSON.stringify(value));
      }
      options[name] = Number(value);
    } else if (option.kind === "list") {
      options[name] = value === "" ? [] : value.split(",");
    } else {
      options[name] = value;
    }
    if (option.choices && [].concat(options[name]).some((v) => !option.choices.includes(v))) {
      fail("--" + name + " must be one of " + option.choices.join(", ") + "; got " + JSON.stringify(value));
    }
  }
  for (const [name, option] of Object.entries(spec)) {
    if (option.required && (options[name] === undefined || options[name] === "")) {
      fail("--" + name + " is required");
    }
  }
  return options;
}
