package org.slq4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void roundTripsThroughAnIndependentParser() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("text", "quote \" backslash \\ newline \n tab \t bell \u0007 \u03bb");
    m.put("tiny", Double.MIN_VALUE);
    m.put("third", 1.0 / 3);
    m.put("big", 123456789012345L);
    m.put("flag", true);
    m.put("none", null);
    m.put("list", List.of(1, 2.5, "x"));
    m.put("nested", List.of(Map.of("a", 1), Map.of()));
    Object back = CliTesting.parseJson(Json.write(m));
    Map<?, ?> b = (Map<?, ?>) back;
    assertEquals(m.get("text"), b.get("text"));
    assertEquals(Double.MIN_VALUE, b.get("tiny"));
    assertEquals(1.0 / 3, b.get("third"));
    assertEquals(123456789012345.0, b.get("big"));
    assertEquals(true, b.get("flag"));
    assertEquals(null, b.get("none"));
    assertEquals(List.of(1.0, 2.5, "x"), b.get("list"));
    assertEquals(List.of(Map.of("a", 1.0), Map.of()), b.get("nested"));
  }

  @Test
  void nonFiniteNumbersBecomeNull() {
    Map<?, ?> b = (Map<?, ?>) CliTesting.parseJson(Json.write(Map.of("x", Double.NaN)));
    assertEquals(null, b.get("x"));
    assertEquals(true, b.containsKey("x"));
  }
}
