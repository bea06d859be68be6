package dev.tribuoctr.examples;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import dev.tribuoctr.ctr.data.SyntheticInterestDataSource;
import dev.tribuoctr.ctr.train.MetaWrapperTrainer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped OLCUT configuration loads into working components.
 */
class OlcutConfigTest {
    @Test
    void shippedConfigurationLoads() {
        try (ConfigurationManager cm = new ConfigurationManager("/configs/meta-wrapper.xml")) {
            MetaWrapperTrainer trainer = (MetaWrapperTrainer) cm.lookup("trainer");
            assertTrue(trainer.toString().contains("mu=0.5") && trainer.toString().contains("epochs=8"), trainer.toString());
            SyntheticInterestDataSource train = (SyntheticInterestDataSource) cm.lookup("train-data");
            assertTrue(train.iterator().hasNext());
        }
    }
}
