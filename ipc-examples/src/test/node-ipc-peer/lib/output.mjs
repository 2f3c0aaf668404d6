// The servers' stdout: one JSON line per thing that happened, with very long strings shortened
// (a 16 MiB hostile frame's text must not flood the test's log).

export function out(record) {
  process.stdout.write(JSON.stringify(record, (key, value) => typeof value === "string" && value.length > 1000
    ? value.slice(0, 100) + "...(" + value.length + " characters)" : value) + "\n");
}
