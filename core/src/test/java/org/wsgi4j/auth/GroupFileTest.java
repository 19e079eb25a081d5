package org.wsgi4j.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import org.junit.jupiter.api.Test;

/** Group-name case-insensitivity and trailing-blank trimming were confirmed against Apache 2.4. */
class GroupFileTest {

  private static final GroupFile FILE =
      GroupFile.parse(
          """
          # groups
          admins: alice bob

          staff :alice\tcarol  dave\r
          admins: erin
          quoted: "frank smith" 'g\\'h'
          empty:
          nocolon alice
          cont: ivan \\
          judy
          """);

  @Test
  void groupsOfAUser() {
    assertEquals(ImmutableSet.of("admins", "staff"), FILE.groupsOf("alice"));
    assertEquals(ImmutableSet.of("admins"), FILE.groupsOf("bob"));
    assertEquals(ImmutableSet.of("staff"), FILE.groupsOf("dave"));
    assertEquals(ImmutableSet.of(), FILE.groupsOf("nobody"));
  }

  @Test
  void aGroupMaySpanSeveralLines() {
    assertTrue(FILE.isMember("erin", "admins"));
  }

  @Test
  void userNamesAreCaseSensitiveGroupNamesAreNot() {
    assertFalse(FILE.isMember("Alice", "admins"));
    assertTrue(FILE.isMember("alice", "ADMINS"));
    assertTrue(FILE.isMember("alice", "Staff"));
    assertFalse(FILE.isMember("alice", "staf"));
  }

  @Test
  void membersAreTokenisedLikeDirectiveArguments() {
    assertEquals(ImmutableSet.of("quoted"), FILE.groupsOf("frank smith"));
    assertEquals(ImmutableSet.of("quoted"), FILE.groupsOf("g'h"));
    assertEquals(ImmutableSet.of("cont"), FILE.groupsOf("judy"));
    assertEquals(
        ImmutableList.of("a", "b c", "d\\e", "", "f\\g"),
        GroupFile.words("a \"b c\" 'd\\\\e' \"\" f\\\\g"));
  }

  @Test
  void aLineWithoutColonHasNoMembers() {
    assertFalse(FILE.groupsOf("alice").contains("nocolon alice"));
  }
}
