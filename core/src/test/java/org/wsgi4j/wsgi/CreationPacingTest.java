package org.wsgi4j.wsgi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CreationPacingTest {
  @Test
  void aStepOutsideAPacedCreationDoesNothing() throws Exception {
    List<String> calls = new ArrayList<>();
    CreationPacing.step();
    CreationPacing.paced(() -> calls.add("pacer"), () -> "done");
    CreationPacing.step();
    assertEquals(List.of(), calls, "a pacer is only run at the steps of its own creation");
  }

  @Test
  void eachStepOfAPacedCreationRunsItsPacerAndANestedOneRestoresTheOuter() throws Exception {
    List<String> calls = new ArrayList<>();
    String result =
        CreationPacing.paced(
            () -> calls.add("outer"),
            () -> {
              CreationPacing.step();
              CreationPacing.paced(
                  () -> calls.add("inner"),
                  () -> {
                    CreationPacing.step();
                    return null;
                  });
              CreationPacing.step();
              return "created";
            });
    assertEquals("created", result);
    assertEquals(List.of("outer", "inner", "outer"), calls);
  }
}
