package io.github.nin4j.train.listener;

import io.github.nin4j.train.EpochResult;
import io.github.nin4j.train.RunControl;
import io.github.nin4j.train.RunEvent;
import io.github.nin4j.train.RunListener;
import java.util.List;

/**
 * Reports NiN's failure in part: after an epoch, classes the network never predicts on the test
 * set, whose outputs may have died while the others learn.
 */
public final class DeadClassWatch implements RunListener {

    @Override
    public void onEpoch(EpochResult result, RunControl control) {
        List<Integer> never = result.evaluation().neverPredicted();
        int classes = result.evaluation().perClassAccuracy().length;
        if (!never.isEmpty() && never.size() < classes) {
            control.publish(new RunEvent.ClassesNeverPredicted(result.metrics().epoch(), never));
        }
    }
}
