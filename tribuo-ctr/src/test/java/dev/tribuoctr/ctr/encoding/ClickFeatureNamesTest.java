package dev.tribuoctr.ctr.encoding;

import dev.tribuoctr.ctr.data.LeaveLastOutProtocol;
import dev.tribuoctr.ctr.data.SyntheticInterestDataSource;
import dev.tribuoctr.ctr.eval.CtrEvaluator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The feature-name convention is defined once: the older constants are the same strings, not copies. */
class ClickFeatureNamesTest {
    @Test
    void olderConstantsAreAliases() {
        assertSame(ClickFeatureNames.ITEM, CtrSchema.DEFAULT_ITEM_FIELD);
        assertSame(ClickFeatureNames.ITEM, SyntheticInterestDataSource.ITEM_FIELD);
        assertSame(ClickFeatureNames.CATEGORY, CtrSchema.DEFAULT_ATTRIBUTE_FIELD);
        assertSame(ClickFeatureNames.CATEGORY, SyntheticInterestDataSource.CATEGORY_FIELD);
        assertSame(ClickFeatureNames.HISTORY, CtrSchema.DEFAULT_HISTORY_FIELD);
        assertSame(ClickFeatureNames.HISTORY, SyntheticInterestDataSource.HISTORY_FIELD);
        assertSame(ClickFeatureNames.USER, LeaveLastOutProtocol.USER_FIELD);
        assertSame(ClickFeatureNames.USER, SyntheticInterestDataSource.USER_FIELD);
        assertSame(ClickFeatureNames.SEPARATOR, CtrEvaluator.FIELD_SEPARATOR);
    }

    @Test
    void aFeatureIsFieldAtValue() {
        assertEquals("hist_item@42", ClickFeatureNames.feature(ClickFeatureNames.HISTORY, 42));
        assertEquals("cate@Film-Noir", ClickFeatureNames.feature(ClickFeatureNames.CATEGORY, "Film-Noir"));
    }
}
