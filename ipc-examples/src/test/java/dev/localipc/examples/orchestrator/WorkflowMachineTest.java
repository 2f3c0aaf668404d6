package dev.localipc.examples.orchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkflowMachineTest {
    private final List<WorkflowState> published = new ArrayList<>();
    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);

    private WorkflowMachine machine(int steps, int failAt) {
        return new WorkflowMachine(steps, failAt, clock, published::add);
    }

    @Test
    void aRunGoesFromIdleThroughPlanningAndEveryStepToCompleted() throws Exception {
        WorkflowMachine machine = machine(3, 0);
        assertEquals(Phase.IDLE, machine.state().phase());
        assertFalse(machine.tick(), "an IDLE workflow does not move");

        WorkflowState started = machine.apply(Signal.START, "c1");
        assertEquals(Phase.PLANNING, started.phase());
        assertEquals(1, started.run());
        assertEquals("START by c1", started.reason());
        assertEquals("c1", started.changedBy());

        assertTrue(machine.tick());
        assertEquals(Phase.RUNNING, machine.state().phase());
        assertEquals(0, machine.state().step());
        assertEquals("step 1 of 3: read the goal", machine.state().activity());
        machine.tick();
        machine.tick();
        assertEquals(2, machine.state().step());
        machine.tick();
        WorkflowState done = machine.state();
        assertEquals(Phase.COMPLETED, done.phase());
        assertEquals(3, done.step());
        assertEquals("all 3 steps are done", done.reason());
        assertEquals(WorkflowMachine.SELF, done.changedBy());
        assertFalse(machine.tick(), "a COMPLETED workflow does not move");

        // Every change is published once, in version order 1, 2, 3, ...
        assertEquals(5, published.size());
        for (int i = 0; i < published.size(); i++) {
            assertEquals(i + 1, published.get(i).version());
        }
        assertSame(done, published.get(published.size() - 1));
        assertEquals(1_700_000_000_000L, done.updatedAt());
    }

    @Test
    void pauseFreezesTheRunAndResumeReturnsWhereItWas() throws Exception {
        WorkflowMachine machine = machine(5, 0);
        machine.apply(Signal.START, "c1");
        machine.tick();
        machine.tick();
        WorkflowState paused = machine.apply(Signal.PAUSE, "c2");
        assertEquals(Phase.PAUSED, paused.phase());
        assertEquals(Phase.RUNNING, paused.pausedFrom());
        assertEquals(1, paused.step());
        assertFalse(machine.tick(), "a PAUSED workflow does not move");
        assertEquals(1, machine.state().step());

        WorkflowState resumed = machine.apply(Signal.RESUME, "c2");
        assertEquals(Phase.RUNNING, resumed.phase());
        assertNull(resumed.pausedFrom());
        assertEquals(1, resumed.step());
        assertEquals("RESUME by c2", resumed.reason());
    }

    @Test
    void pauseDuringPlanningResumesToPlanning() throws Exception {
        WorkflowMachine machine = machine(2, 0);
        machine.apply(Signal.START, "c");
        machine.apply(Signal.PAUSE, "c");
        assertEquals(Phase.PLANNING, machine.apply(Signal.RESUME, "c").phase());
    }

    @Test
    void stopAbandonsTheRunAndStartBeginsTheNextOne() throws Exception {
        WorkflowMachine machine = machine(5, 0);
        machine.apply(Signal.START, "c");
        machine.tick();
        machine.tick();
        WorkflowState stopped = machine.apply(Signal.STOP, "c9");
        assertEquals(Phase.IDLE, stopped.phase());
        assertEquals("STOP by c9 after 1 of 5 steps", stopped.reason());
        WorkflowState again = machine.apply(Signal.START, "c");
        assertEquals(2, again.run());
        assertEquals(0, again.step());
    }

    @Test
    void aFailingStepEndsTheRunInFailedAndStartCanRetry() throws Exception {
        WorkflowMachine machine = machine(4, 2);
        machine.apply(Signal.START, "c");
        machine.tick();
        machine.tick();
        machine.tick();
        WorkflowState failed = machine.state();
        assertEquals(Phase.FAILED, failed.phase());
        assertEquals(1, failed.step());
        assertEquals("step 2 (collect context) failed: simulated agent error", failed.reason());
        assertEquals(Phase.PLANNING, machine.apply(Signal.START, "c").phase());
    }

    @ParameterizedTest(name = "{0} while {1}")
    @CsvSource(delimiter = '|', value = {
        "PAUSE  | IDLE      | cannot PAUSE: the workflow is IDLE; START it first",
        "RESUME | IDLE      | cannot RESUME: the workflow is IDLE; START it first",
        "STOP   | IDLE      | cannot STOP: the workflow is IDLE; nothing is running",
        "START  | PLANNING  | cannot START: the workflow is PLANNING; STOP it first",
        "RESUME | PLANNING  | cannot RESUME: the workflow is PLANNING; it is not PAUSED",
        "START  | RUNNING   | cannot START: the workflow is RUNNING; STOP it first",
        "RESUME | RUNNING   | cannot RESUME: the workflow is RUNNING; it is not PAUSED",
        "START  | PAUSED    | cannot START: the workflow is PAUSED; RESUME or STOP it first",
        "PAUSE  | PAUSED    | cannot PAUSE: the workflow is PAUSED; RESUME it to continue",
        "PAUSE  | COMPLETED | cannot PAUSE: the workflow is COMPLETED; START a new run",
        "RESUME | COMPLETED | cannot RESUME: the workflow is COMPLETED; START a new run",
        "STOP   | COMPLETED | cannot STOP: the workflow is COMPLETED; nothing is running",
        "PAUSE  | FAILED    | cannot PAUSE: the workflow is FAILED; START a new run",
        "STOP   | FAILED    | cannot STOP: the workflow is FAILED; nothing is running",
    })
    void illegalSignalsAreRefusedWithTheReasonAndChangeNothing(Signal signal, Phase phase, String message) throws Exception {
        WorkflowMachine machine = machineIn(phase);
        WorkflowState before = machine.state();
        int publishedBefore = published.size();
        TransitionRefusedException refused = assertThrows(TransitionRefusedException.class,
                () -> machine.apply(signal, "c"));
        assertEquals(message, refused.getMessage());
        assertEquals(signal, refused.signal());
        assertSame(before, refused.state());
        assertSame(before, machine.state());
        assertEquals(publishedBefore, published.size(), "a refused signal publishes nothing");
        assertEquals(1001, TransitionRefusedException.CODE);
    }

    @Test
    void badConstructionIsRefusedWithTheFix() {
        IllegalArgumentException steps = assertThrows(IllegalArgumentException.class, () -> machine(0, 0));
        assertEquals("totalSteps is 0: a run needs at least 1 step", steps.getMessage());
        IllegalArgumentException fail = assertThrows(IllegalArgumentException.class, () -> machine(3, 4));
        assertEquals("failAtStep is 4: use 0 (never) or 1..3", fail.getMessage());
    }

    private WorkflowMachine machineIn(Phase phase) throws TransitionRefusedException {
        WorkflowMachine machine = machine(2, phase == Phase.FAILED ? 1 : 0);
        switch (phase) {
            case IDLE:
                break;
            case PLANNING:
                machine.apply(Signal.START, "c");
                break;
            case RUNNING:
                machine.apply(Signal.START, "c");
                machine.tick();
                break;
            case PAUSED:
                machine.apply(Signal.START, "c");
                machine.apply(Signal.PAUSE, "c");
                break;
            case COMPLETED:
            case FAILED:
                machine.apply(Signal.START, "c");
                machine.tick();
                machine.tick();
                machine.tick();
                break;
            default:
                throw new IllegalArgumentException(phase.toString());
        }
        assertEquals(phase, machine.state().phase());
        return machine;
    }
}
