package io.berth.provisioning.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An image catalog for tests whose references tell the {@link FakeKubelet} how their pods behave. */
final class TestCatalog {

    static final String GOOD = "registry.example/berth/notebook:1";
    static final String SPARK = "registry.example/berth/spark:3.5";

    private TestCatalog() {
    }

    /** Writes the catalog to {@code folder/images.json} and returns its path. */
    static Path write(Path folder) {
        Path file = folder.resolve("images.json");
        try {
            Files.writeString(file, """
                    {"default": "python-3.11",
                     "images": [
                       {"name": "python-3.11", "image": "%s", "python": "3.11", "spark": false,
                        "packages": ["numpy", "pandas"]},
                       {"name": "spark-java-17", "image": "%s", "python": "3.11", "java": "17", "spark": true,
                        "packages": ["pyspark", "numpy", "org.apache.hadoop:hadoop-aws"]},
                       {"name": "python-3.12", "image": "registry.example/berth/notebook:1-py312", "python": "3.12",
                        "packages": ["numpy", "pandas", "scipy"]},
                       {"name": "broken", "image": "registry.example/berth/%s:1", "python": "3.11"},
                       {"name": "slow", "image": "registry.example/berth/%s:1", "python": "3.11"},
                       {"name": "crashing", "image": "registry.example/berth/%s:1", "python": "3.11"},
                       {"name": "too-big", "image": "registry.example/berth/%s:1", "python": "3.11"}
                     ]}
                    """.formatted(GOOD, SPARK, FakeKubelet.MISSING, FakeKubelet.NEVER_READY, FakeKubelet.CRASH,
                    FakeKubelet.UNSCHEDULABLE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
