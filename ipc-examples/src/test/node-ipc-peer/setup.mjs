#!/usr/bin/env node
// Installs the peer kit where it can run: copies the scripts, package.json and package-lock.json
// into DEST (default: ipc-examples/target/node-ipc-peer) and runs
// `npm ci --ignore-scripts` there, exactly the locked versions (node-ipc 12.0.0,
// @roo-code/types 1.115.0, zod 3.25.76) from the npm registry. node_modules never lands in the
// source tree. The install is skipped when DEST already holds the same lock file's install.
// Concurrent runs on one DEST wait for each other. Prints DEST (absolute) as the last stdout line.
//
//   node ipc-examples/src/test/node-ipc-peer/setup.mjs [DEST]

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const kit = path.dirname(fileURLToPath(import.meta.url));
const dest = path.resolve(process.argv[2] ?? path.join(kit, "..", "..", "..", "target", "node-ipc-peer"));
const log = (text) => process.stderr.write("setup: " + text + "\n");

fs.mkdirSync(dest, { recursive: true, mode: 0o700 });
const lock = path.join(dest, ".setup.lock");
await acquire(lock);
try {
  copyKit();
  const stampFile = path.join(dest, "node_modules", ".localipc-setup-stamp");
  const stamp = createHash("sha256").update(fs.readFileSync(path.join(dest, "package-lock.json"))).digest("hex");
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, "utf8") === stamp) {
    log("node_modules in " + dest + " is up to date with package-lock.json");
  } else {
    const started = Date.now();
    const args = ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--prefer-offline"];
    log("npm " + args.join(" ") + " in " + dest);
    const npm = spawnSync(process.platform === "win32" ? "npm.cmd" : "npm", args,
      { cwd: dest, stdio: ["ignore", 2, 2], shell: process.platform === "win32" });
    if (npm.error || npm.status !== 0) {
      throw new Error("npm ci failed in " + dest + " (" + (npm.error ? npm.error.message : "exit code " + npm.status)
        + "); the registry (npm config get registry) must be reachable, or the packages in npm's cache");
    }
    fs.writeFileSync(stampFile, stamp);
    log("npm ci took " + ((Date.now() - started) / 1000).toFixed(1) + " s");
  }
} finally {
  fs.rmSync(lock, { recursive: true, force: true });
}
process.stdout.write(dest + "\n");

function copyKit() {
  for (const relative of ["package.json", "package-lock.json", "README.md"]) {
    fs.copyFileSync(path.join(kit, relative), path.join(dest, relative));
  }
  for (const directory of [".", "lib"]) {
    fs.mkdirSync(path.join(dest, directory), { recursive: true });
    for (const name of fs.readdirSync(path.join(kit, directory))) {
      if (name.endsWith(".mjs")) {
        fs.copyFileSync(path.join(kit, directory, name), path.join(dest, directory, name));
      }
    }
  }
}

/** A lock directory (mkdir is atomic) holding the owner's pid; a dead owner's lock is taken over. */
async function acquire(directory) {
  const deadline = Date.now() + 10 * 60 * 1000;
  for (;;) {
    try {
      fs.mkdirSync(directory);
      fs.writeFileSync(path.join(directory, "pid"), String(process.pid));
      return;
    } catch (error) {
      if (error.code !== "EEXIST") {
        throw error;
      }
    }
    let owner = NaN;
    try {
      owner = Number(fs.readFileSync(path.join(directory, "pid"), "utf8"));
    } catch {
      // The owner has made the directory but not written its pid yet.
    }
    if (Number.isInteger(owner) && owner > 0 && !alive(owner)) {
      log("taking over the lock of process " + owner + ", which is gone");
      fs.rmSync(directory, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error("another setup (pid " + owner + ") has held " + directory + " for 10 minutes; remove it if that process is stuck");
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}
