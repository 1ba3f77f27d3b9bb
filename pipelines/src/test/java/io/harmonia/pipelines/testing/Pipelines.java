package io.harmonia.pipelines.testing;

import org.apache.beam.sdk.testing.TestPipeline;

/** Beam's {@link TestPipeline} is a JUnit 4 rule; under JUnit 5 it is created and run by hand. */
public final class Pipelines {

  private Pipelines() {}

  /** A DirectRunner test pipeline that checks every PAssert ran. */
  public static TestPipeline testPipeline() {
    return TestPipeline.create().enableAbandonedNodeEnforcement(true);
  }
}
