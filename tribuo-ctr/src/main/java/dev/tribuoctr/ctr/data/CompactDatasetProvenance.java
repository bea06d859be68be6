package dev.tribuoctr.ctr.data;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import org.tribuo.Dataset;
import org.tribuo.provenance.DataProvenance;
import org.tribuo.provenance.DatasetProvenance;

import java.util.Map;

/**
 * Tribuo's dataset provenance for the compact datasets, whose sizes (examples, distinct features) are counted from
 * their columns rather than from a feature map built of every example.
 */
public final class CompactDatasetProvenance extends DatasetProvenance {
    private static final long serialVersionUID = 1L;

    /**
     * @param source the data source's provenance
     * @param dataset the dataset's class
     * @param examples its number of examples
     * @param features its number of distinct features
     * @param outputs its number of distinct outputs
     */
    CompactDatasetProvenance(DataProvenance source, Class<? extends Dataset<?>> dataset, int examples, int features,
                             int outputs) {
        super(source, new ListProvenance<>(), dataset.getName(), false, false, examples, features, outputs);
    }

    /**
     * Rebuilds the provenance from its marshalled form (used reflectively by OLCUT).
     * @param map the provenance fields
     */
    public CompactDatasetProvenance(Map<String, Provenance> map) {
        super(map);
    }
}
