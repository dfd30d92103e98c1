package io.github.nin4j.engine;

/**
 * The engine computes wrong numbers for this network on this machine and no layout it can be given
 * is right: training or measuring with it would give wrong results.
 */
public class EngineFaultException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param verdict the check's findings
     */
    public EngineFaultException(EngineVerdict verdict) {
        super(verdict.summary() + ". Nothing was run: its results would be wrong.");
    }
}
