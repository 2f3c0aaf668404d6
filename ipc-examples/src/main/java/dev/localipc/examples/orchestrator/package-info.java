/**
 * The agent orchestrator (first reference application): a workflow state machine with simulated
 * agent steps ({@link dev.localipc.examples.orchestrator.WorkflowMachine}) served over localipc
 * ({@link dev.localipc.examples.orchestrator.OrchestratorServer}). Example code, not API.
 */
package dev.localipc.examples.orchestrator;
