/**
 * The task runner (second reference application): simulated assistant tasks that stream
 * messages ({@link dev.localipc.examples.tasks.TaskRunner}), persisted one JSON file per task
 * ({@link dev.localipc.examples.tasks.TaskStore}) and served over localipc
 * ({@link dev.localipc.examples.tasks.TaskServer}). Example code, not API.
 */
package dev.localipc.examples.tasks;
