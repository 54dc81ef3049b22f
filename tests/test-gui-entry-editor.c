/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <adwaita.h>

#include "core/cw-child-repository.h"
#include "core/cw-entry-repository.h"
#include "core/cw-key.h"
#include "core/cw-session.h"
#include "core/cw-sign-off-repository.h"
#include "gui/cw-body-map.h"
#include "gui/cw-entry-editor.h"
#include "gui/cw-entry-history.h"
#include "cw-gui-test-util.h"
#include "cw-test-util.h"

/*
 * The case-note editor driven through its widgets on a real SQLCipher
 * database: typing, the live recording principles, the body map, autosave
 * (also across a killed process), finishing, the read-only note, a
 * correction and its history, and asking for a removal.
 *
 * A template database is made once (Argon2 is slow on purpose) and copied
 * for each test: an administrator, Alex Morgan (a social worker, who
 * writes the notes, line-managed by Sam Patel), Dee Lead (the DSL) and a
 * child, Amara Okafor, allocated to Alex.
 */

#define ADMIN_PASSWORD "Harbour-Lantern-Violet-2718"
#define ALEX_PASSWORD  "Copper-Meadow-Tuesday-5521"
#define DEE_PASSWORD   "Willow-Quartz-Beacon-8843"
#define SAM_PASSWORD   "Birch-Harbour-Signal-3307"

#define KILL_SENTENCE "Amara drew a picture of the kitchen and put a large X on the door"

static const char *const file_suffixes[] = { "", "-wal", "-shm", ".keys" };

static char *template_dir;
static gint64 child_id;
static gint64 alex_id;
static gint64 sam_id;

typedef struct
{
  char      *dir;
  char      *path;
  CwSession *session;
} Fixture;

/* Set-up ------------------------------------------------------------------ */

static void
copy_database_files (const char *from_db,
                     const char *to_db)
{
  for (guint i = 0; i < G_N_ELEMENTS (file_suffixes); i++)
    {
      g_autofree char *from = g_strconcat (from_db, file_suffixes[i], NULL);
      g_autofree char *to = g_strconcat (to_db, file_suffixes[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (!g_file_test (from, G_FILE_TEST_EXISTS))
        continue;

      g_file_get_contents (from, &contents, &len, &error);
      g_assert_no_error (error);
      g_file_set_contents_full (to, contents, len, G_FILE_SET_CONTENTS_NONE, 0600, &error);
      g_assert_no_error (error);
    }
}

static CwSession *
sign_in (const char *path,
         const char *username,
         const char *password)
{
  g_autoptr(GError) error = NULL;
  CwSession *session = cw_session_sign_in_with_password (path, username, password, &error);

  g_assert_no_error (error);
  g_assert_nonnull (session);
  return session;
}

static void
ensure_template (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(CwStaffMember) alex = NULL;
  g_autoptr(CwStaffMember) dee = NULL;
  g_autoptr(CwStaffMember) sam = NULL;
  g_autoptr(CwChildRepository) children = NULL;
  g_autoptr(CwChild) child = cw_child_new ();
  g_autoptr(CwChild) stored = NULL;
  g_autofree char *path = NULL;
  g_autofree char *recovery_key = NULL;
  GDate dob;

  if (template_dir != NULL)
    return;

  template_dir = cw_test_make_tmpdir ();
  path = g_build_filename (template_dir, "casework.db", NULL);

  session = cw_session_create_database (path, "Riverside Family Centre", "admin", "Ada Admin",
                                        ADMIN_PASSWORD, &recovery_key, &error);
  g_assert_no_error (error);
  cw_secure_wipe_string (recovery_key);

  sam = cw_session_add_staff (session, ADMIN_PASSWORD, "sam", "Sam Patel", "Team Manager",
                              CW_ROLE_LINE_MANAGER, 0, SAM_PASSWORD, &error);
  g_assert_no_error (error);
  sam_id = cw_staff_member_get_id (sam);
  alex = cw_session_add_staff (session, ADMIN_PASSWORD, "alex", "Alex Morgan", "Social Worker",
                               CW_ROLE_PRACTITIONER, sam_id, ALEX_PASSWORD, &error);
  g_assert_no_error (error);
  alex_id = cw_staff_member_get_id (alex);
  dee = cw_session_add_staff (session, ADMIN_PASSWORD, "dee", "Dee Lead",
                              "Designated Safeguarding Lead", CW_ROLE_DSL, 0, DEE_PASSWORD,
                              &error);
  g_assert_no_error (error);
  cw_session_sign_out (session);
  g_clear_object (&session);

  session = sign_in (path, "alex", ALEX_PASSWORD);
  children = cw_child_repository_new (session);
  cw_child_set_case_reference (child, "CR-0001");
  cw_child_set_given_names (child, "Amara");
  cw_child_set_family_name (child, "Okafor");
  g_date_clear (&dob, 1);
  g_date_set_dmy (&dob, 1, G_DATE_JUNE, 2015);
  cw_child_set_date_of_birth (child, &dob);
  cw_child_set_dob_precision (child, CW_DATE_EXACT);
  cw_child_set_legal_status (child, CW_LEGAL_STATUS_CHILD_IN_NEED);
  cw_child_set_allocated_worker_id (child, cw_staff_member_get_id (alex));
  stored = cw_child_repository_create (children, child, &error);
  g_assert_no_error (error);
  child_id = cw_child_get_id (stored);
  g_clear_object (&children);
  cw_session_sign_out (session);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *template_db = NULL;

  /* A killed child process works on its parent's database. */
  if (g_test_subprocess ())
    return;

  ensure_template ();

  fixture->dir = cw_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "casework.db", NULL);
  template_db = g_build_filename (template_dir, "casework.db", NULL);
  copy_database_files (template_db, fixture->path);
  fixture->session = sign_in (fixture->path, "alex", ALEX_PASSWORD);
}

static void
sign_out (Fixture *fixture)
{
  cw_gui_test_close_windows ();
  if (fixture->session != NULL)
    cw_session_sign_out (fixture->session);
  g_clear_object (&fixture->session);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (g_test_subprocess ())
    return;

  sign_out (fixture);
  cw_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_pointer (&fixture->dir, g_free);
}

/* Helpers ----------------------------------------------------------------- */

static CwEntry *
create_draft (Fixture     *fixture,
              CwEntryKind  kind)
{
  g_autoptr(CwEntryRepository) entries = cw_entry_repository_new (fixture->session);
  g_autoptr(GError) error = NULL;
  CwEntry *draft = cw_entry_repository_create_draft (entries, child_id, kind, &error);

  g_assert_no_error (error);
  g_assert_nonnull (draft);
  return draft;
}

static GtkWidget *
open_editor (CwSession *session,
             CwEntry   *entry)
{
  GtkWidget *editor = cw_entry_editor_new (session, entry, NULL);

  gtk_window_present (GTK_WINDOW (editor));
  cw_gui_test_wait_for_showing (editor, CW_GUI_TEST_QUICK_MS);
  return editor;
}

typedef struct
{
  GtkWidget  *editor;
  const char *principle;
  gboolean    missed;
} PrincipleWait;

/* The principle's row shows it missed (with its advice) or met. */
static gboolean
principle_shows (gpointer user_data)
{
  PrincipleWait *wait = user_data;
  g_autofree char *name = g_strdup_printf ("principle-%s", wait->principle);
  GtkWidget *row = cw_gui_test_get (wait->editor, name);
  GtkWidget *advice = cw_gui_test_get (row, "principle_advice");
  const char *advice_text = gtk_label_get_text (GTK_LABEL (advice));

  if (!cw_gui_test_is_showing (row))
    return FALSE;

  if (wait->missed)
    return cw_gui_test_is_showing (advice) && *advice_text != '\0' &&
           gtk_widget_has_css_class (row, "cw-missed");

  return !cw_gui_test_is_showing (advice) && gtk_widget_has_css_class (row, "cw-met");
}

static void
wait_for_principle (GtkWidget  *editor,
                    const char *principle,
                    gboolean    missed)
{
  PrincipleWait wait = { editor, principle, missed };

  if (!cw_gui_test_wait_until (principle_shows, &wait, CW_GUI_TEST_QUICK_MS))
    g_error ("The principle “%s” did not show as %s", principle, missed ? "missed" : "met");
}

typedef struct
{
  guint n_saved;
} SaveCount;

static void
saved_cb (CwEntryEditor *editor,
          SaveCount     *count)
{
  count->n_saved++;
}

static gboolean
saved_again (gpointer user_data)
{
  SaveCount *count = user_data;

  return count->n_saved > 0;
}

/* Waits for the next autosave after what was just typed. */
static void
wait_for_autosave (SaveCount *count)
{
  count->n_saved = 0;
  if (!cw_gui_test_wait_until (saved_again, count, CW_GUI_TEST_QUICK_MS))
    g_error ("The draft was not saved by itself");
}

static GtkWidget *
wait_for_toplevel (GType       type,
                   const char *name)
{
  GtkWidget *window = cw_gui_test_wait_for_window (type, name, CW_GUI_TEST_QUICK_MS);

  cw_gui_test_flush ();
  return window;
}

/* Any label under @root showing @text (or containing it, with @part). */
static void
wait_for_label (GtkWidget  *root,
                const char *text,
                gboolean    part)
{
  cw_gui_test_wait_for_label (root, text, part, CW_GUI_TEST_QUICK_MS);
}

/* Clicks the body map at a point of a side's outline. */
static void
click_body_map (CwBodyMap  *map,
                CwBodySide  side,
                double      nx,
                double      ny)
{
  double x, y;

  g_assert_true (cw_gui_test_is_showing (GTK_WIDGET (map)));
  g_assert_true (cw_body_map_point_to_widget (map, side, nx, ny, &x, &y));
  g_assert_true (cw_body_map_click (map, x, y));
  cw_gui_test_flush ();
}

typedef struct
{
  GtkWidget *widget;
  GtkWidget *window;
} ScrollWait;

static gboolean
widget_in_window (gpointer user_data)
{
  ScrollWait *wait = user_data;
  graphene_point_t point;

  return gtk_widget_compute_point (wait->widget, wait->window, &GRAPHENE_POINT_INIT (0, 0),
                                   &point) &&
         point.y >= 0 && point.y + 100 < gtk_widget_get_height (wait->window);
}

/* Scrolls the editor's form until @widget's top is in the window, as a
 * person scrolls down to it. */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  ScrollWait wait = { widget, GTK_WIDGET (gtk_widget_get_root (widget)) };
  GtkAdjustment *adjustment;
  graphene_point_t point;

  g_assert_nonnull (scroller);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  g_assert_true (gtk_widget_compute_point (widget, scroller, &GRAPHENE_POINT_INIT (0, 0),
                                           &point));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + point.y - 24);
  if (!cw_gui_test_wait_until (widget_in_window, &wait, CW_GUI_TEST_QUICK_MS))
    g_error ("Could not scroll %s into view", G_OBJECT_TYPE_NAME (widget));
  cw_gui_test_flush ();
}

static void
fill_mark (GtkWidget  *editor,
           const char *site,
           const char *size,
           const char *description,
           gboolean    skin_broken)
{
  GtkWidget *site_entry = cw_gui_test_get (editor, "mark_site_entry");

  cw_gui_test_wait_for_showing (site_entry, CW_GUI_TEST_QUICK_MS);
  cw_gui_test_set_text (site_entry, site);
  cw_gui_test_set_text (cw_gui_test_get (editor, "mark_size_entry"), size);
  cw_gui_test_set_text (cw_gui_test_get (editor, "mark_description_entry"), description);
  if (skin_broken)
    cw_gui_test_click (cw_gui_test_get (editor, "mark_skin_broken_switch"));
}

static void
close_mark_form (GtkWidget *editor)
{
  GtkWidget *popover = cw_gui_test_get (editor, "mark_popover");

  cw_gui_test_click (cw_gui_test_get (editor, "mark_done_button"));
  g_assert_false (gtk_widget_get_visible (popover));
}

/* Finish, answered in its dialog; the editor then shows the note. */
static void
finish_note (GtkWidget *editor)
{
  GtkWidget *dialog;

  cw_gui_test_click (cw_gui_test_get (editor, "finish_button"));
  dialog = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, "finish_dialog");
  cw_gui_test_respond (dialog, "_Finish");
  cw_gui_test_wait_for_showing (cw_gui_test_get (editor, "read_summary_label"),
                                CW_GUI_TEST_QUICK_MS);
}

/* Answers a reason dialog with @reason and the @confirm button. */
static void
give_reason (const char *reason,
             const char *confirm)
{
  GtkWidget *dialog = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, "reason_dialog");
  GtkWidget *button = cw_gui_test_find_button (dialog, confirm);

  /* Required: nothing typed, nothing to confirm. */
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_is_sensitive (button));
  cw_gui_test_set_text (cw_gui_test_get (dialog, "reason_entry"), reason);
  g_assert_true (gtk_widget_is_sensitive (button));
  cw_gui_test_respond (dialog, confirm);
}

/* Tests ------------------------------------------------------------------- */

/* A disclosure written through the widgets: the principles follow the
 * typing, the body map takes two marks, autosave stores everything, and
 * Finish shows the note read-only and stores it finished. */
static void
test_write_and_finish (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(CwEntry) draft = create_draft (fixture, CW_ENTRY_KIND_DISCLOSURE);
  g_autoptr(CwEntryRepository) entries = cw_entry_repository_new (fixture->session);
  g_autoptr(CwEntry) stored = NULL;
  g_autoptr(CwEntry) finished = NULL;
  g_autoptr(GError) error = NULL;
  SaveCount count = { 0 };
  GtkWidget *editor, *map, *marks_list, *site, *actions_list;
  const CwBodyMark *mark;
  const CwEntryAction *action;
  gint64 entry_id = cw_entry_get_id (draft);

  editor = open_editor (fixture->session, draft);
  g_signal_connect (editor, "saved", G_CALLBACK (saved_cb), &count);

  /* The header names the child and the state. */
  wait_for_label (editor, "Amara Okafor", FALSE);
  wait_for_label (editor, "Disclosure · Draft", TRUE);
  cw_gui_test_screenshot (editor, "entry-editor-empty-draft");

  /* A disclosure needs the child's words; nothing is written yet. */
  wait_for_principle (editor, "childs-words", TRUE);
  wait_for_label (editor, "principles to look at", TRUE);

  cw_gui_test_set_text (cw_gui_test_get (editor, "summary_row"),
                        "Amara said her stepfather hit her with a belt");
  cw_gui_test_type_into_view (editor, "observed_facts_view",
                              "Amara was quiet and held her left arm close. A bruise about 3 cm "
                              "long showed below her sleeve.");
  cw_gui_test_set_text (cw_gui_test_get (editor, "present_row"), "Amara, Alex Morgan");
  cw_gui_test_set_text (cw_gui_test_get (editor, "location_row"), "School, quiet room");
  cw_gui_test_click (cw_gui_test_get (editor, "child_seen_yes"));
  cw_gui_test_click (cw_gui_test_get (editor, "child_seen_alone_yes"));
  cw_gui_test_click (cw_gui_test_get (editor, "child_spoken_to_yes"));
  cw_gui_test_type_into_view (editor, "opinion_view",
                              "I am worried that Amara is being physically harmed at home.");

  /* Still missing: her own words; the advice says why they matter. */
  wait_for_principle (editor, "childs-words", TRUE);
  wait_for_principle (editor, "fact-recorded", FALSE);
  wait_for_principle (editor, "opinion-evidenced", TRUE);
  scroll_to (cw_gui_test_get (editor, "child_answers_list"));
  cw_gui_test_screenshot (editor, "entry-editor-filled-draft");

  cw_gui_test_type_into_view (editor, "child_words_view",
                              "He hit me with the belt because I was slow.");
  wait_for_principle (editor, "childs-words", FALSE);

  /* An action: what and who (by when is still open, and the panel says so). */
  cw_gui_test_click (cw_gui_test_get (editor, "add_action_button"));
  actions_list = cw_gui_test_get (editor, "actions_list");
  cw_gui_test_set_text (cw_gui_test_get (actions_list, "action_what_entry"),
                        "Refer to children’s social care today");
  cw_gui_test_set_text (cw_gui_test_get (actions_list, "action_who_entry"), "Alex Morgan");
  wait_for_principle (editor, "actions", TRUE);
  wait_for_label (editor, "An action does not say what will be done, who will do it and by",
                  TRUE);
  scroll_to (cw_gui_test_get (editor, "strengths_view"));
  cw_gui_test_screenshot (editor, "entry-editor-actions");

  /* A click on the front of the outline places a mark there and opens its
   * form, the site filled in from where it was clicked. */
  map = cw_gui_test_get (editor, "body_map");
  scroll_to (map);
  click_body_map (CW_BODY_MAP (map), CW_BODY_FRONT, 0.76, 0.35);
  site = cw_gui_test_get (editor, "mark_site_entry");
  cw_gui_test_wait_for_showing (site, CW_GUI_TEST_QUICK_MS);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (site)), ==, "left upper arm");
  fill_mark (editor, "left upper arm, outer side", "3 cm × 1 cm", "purple bruise, oval", FALSE);
  cw_gui_test_screenshot (cw_gui_test_get (editor, "mark_site_entry"), "entry-editor-mark-form");
  close_mark_form (editor);

  /* …and the list beside it shows the same mark. */
  marks_list = cw_gui_test_get (editor, "marks_list");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cw_gui_test_get (marks_list,
                                                                         "mark_list_site_entry"))),
                   ==, "left upper arm, outer side");

  /* A second mark on the back. */
  click_body_map (CW_BODY_MAP (map), CW_BODY_BACK, 0.5, 0.45);
  fill_mark (editor, "lower back", "2 cm", "red mark, straight edge", TRUE);
  close_mark_form (editor);
  g_assert_cmpint (cw_entry_get_body_marks (cw_entry_editor_get_entry (
                     CW_ENTRY_EDITOR (editor)))->len, ==, 2);
  cw_gui_test_screenshot (editor, "entry-editor-body-map");
  scroll_to (marks_list);
  cw_gui_test_screenshot (editor, "entry-editor-marks-list");

  /* Saved by itself, with everything typed. */
  wait_for_autosave (&count);
  stored = cw_entry_repository_load_draft (entries, entry_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cw_entry_get_text (stored, CW_ENTRY_FIELD_SUMMARY), ==,
                   "Amara said her stepfather hit her with a belt");
  g_assert_nonnull (strstr (cw_entry_get_text (stored, CW_ENTRY_FIELD_OBSERVED_FACTS),
                            "held her left arm close"));
  g_assert_cmpstr (cw_entry_get_text (stored, CW_ENTRY_FIELD_CHILD_WORDS), ==,
                   "He hit me with the belt because I was slow.");
  g_assert_cmpint (cw_entry_get_child_seen_alone (stored), ==, CW_ANSWER_YES);
  g_assert_cmpuint (cw_entry_get_actions (stored)->len, ==, 1);
  action = g_ptr_array_index (cw_entry_get_actions (stored), 0);
  g_assert_cmpstr (action->what, ==, "Refer to children’s social care today");
  g_assert_cmpstr (action->who, ==, "Alex Morgan");
  g_assert_false (g_date_valid (&action->by_when));
  g_assert_cmpuint (cw_entry_get_body_marks (stored)->len, ==, 2);
  mark = g_ptr_array_index (cw_entry_get_body_marks (stored), 0);
  g_assert_cmpint (mark->side, ==, CW_BODY_FRONT);
  g_assert_cmpstr (mark->site, ==, "left upper arm, outer side");
  g_assert_cmpstr (mark->size, ==, "3 cm × 1 cm");
  g_assert_false (mark->skin_broken);
  mark = g_ptr_array_index (cw_entry_get_body_marks (stored), 1);
  g_assert_cmpint (mark->side, ==, CW_BODY_BACK);
  g_assert_true (mark->skin_broken);

  /* Finish: read-only, the summary and the marks shown. */
  finish_note (editor);
  wait_for_label (editor, "Amara said her stepfather hit her with a belt", FALSE);
  wait_for_label (editor, "He hit me with the belt because I was slow.", FALSE);
  wait_for_label (editor, "left upper arm, outer side (Front)", FALSE);
  wait_for_label (editor, "3 cm × 1 cm — purple bruise, oval — skin not broken", FALSE);
  wait_for_label (editor, "lower back (Back)", FALSE);
  g_assert_false (cw_gui_test_is_showing (cw_gui_test_get (editor, "finish_button")));
  g_assert_true (cw_gui_test_is_showing (cw_gui_test_get (editor, "correct_button")));
  g_assert_false (cw_body_map_get_editable (CW_BODY_MAP (cw_gui_test_get (editor,
                                                                         "read_body_map"))));
  cw_gui_test_screenshot (editor, "entry-editor-finished-note");
  scroll_to (cw_gui_test_get (editor, "read_body_map"));
  cw_gui_test_screenshot (editor, "entry-editor-finished-body-map");

  /* Stored finished, with its marks. */
  finished = cw_entry_repository_load (entries, entry_id, 0, &error);
  g_assert_no_error (error);
  g_assert_true (cw_entry_get_finished (finished));
  g_assert_nonnull (cw_entry_get_finished_at (finished));
  g_assert_cmpuint (cw_entry_get_body_marks (finished)->len, ==, 2);
  mark = g_ptr_array_index (cw_entry_get_body_marks (finished), 0);
  g_assert_cmpstr (mark->site, ==, "left upper arm, outer side");
  g_assert_null (cw_entry_repository_load_draft (entries, entry_id, NULL));
}

/* Finish refuses a note without a summary: the sentence shows, the
 * summary is focused, and nothing is finished. */
static void
test_finish_refused (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CwEntry) draft = create_draft (fixture, CW_ENTRY_KIND_HOME_VISIT);
  g_autoptr(CwEntryRepository) entries = cw_entry_repository_new (fixture->session);
  g_autoptr(CwEntry) stored = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *editor, *dialog, *summary;

  editor = open_editor (fixture->session, draft);
  cw_gui_test_type_into_view (editor, "observed_facts_view", "The house was cold.");

  cw_gui_test_click (cw_gui_test_get (editor, "finish_button"));
  dialog = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, "finish_dialog");
  cw_gui_test_respond (dialog, "_Finish");

  wait_for_label (editor, "Write a summary: one line that says what happened.", FALSE);
  cw_gui_test_screenshot (editor, "entry-editor-finish-refused");
  summary = cw_gui_test_get (editor, "summary_row");
  g_assert_true (gtk_widget_is_focus (summary) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (editor)), summary));
  g_assert_true (cw_gui_test_is_showing (cw_gui_test_get (editor, "finish_button")));

  /* What was typed is kept and still a draft. */
  g_assert_true (cw_entry_editor_flush (CW_ENTRY_EDITOR (editor), &error));
  g_assert_no_error (error);
  stored = cw_entry_repository_load_draft (entries, cw_entry_get_id (draft), &error);
  g_assert_no_error (error);
  g_assert_false (cw_entry_get_finished (stored));
  g_assert_cmpstr (cw_entry_get_text (stored, CW_ENTRY_FIELD_OBSERVED_FACTS), ==,
                   "The house was cold.");
}

/* Closing (Escape closes the window) saves what was typed a moment ago,
 * before any autosave; so does the lock, which closes the window before
 * it closes the database. */
static void
test_close_and_lock_save (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(CwEntry) draft = create_draft (fixture, CW_ENTRY_KIND_PHONE_CALL);
  g_autoptr(CwEntry) second = create_draft (fixture, CW_ENTRY_KIND_MEETING);
  g_autoptr(CwEntryRepository) entries = cw_entry_repository_new (fixture->session);
  g_autoptr(CwEntry) stored = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *editor;
  gpointer editor_pointer;

  editor = open_editor (fixture->session, draft);
  cw_gui_test_type_into_view (editor, "impact_view", "Amara will miss her swimming lesson.");
  cw_gui_test_close_with_shortcut (editor);

  stored = cw_entry_repository_load_draft (entries, cw_entry_get_id (draft), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cw_entry_get_text (stored, CW_ENTRY_FIELD_IMPACT), ==,
                   "Amara will miss her swimming lesson.");
  g_clear_object (&stored);

  /* The lock: windows go first (as CwWindow does), then the database. */
  editor = open_editor (fixture->session, second);
  cw_gui_test_type_into_view (editor, "decision_view", "Refer to the early help team.");
  editor_pointer = editor;
  g_object_add_weak_pointer (G_OBJECT (editor), &editor_pointer);
  gtk_window_destroy (GTK_WINDOW (editor));
  cw_session_lock (fixture->session);
  cw_gui_test_wait_until_closed (&editor_pointer, CW_GUI_TEST_QUICK_MS);

  g_assert_true (cw_session_unlock_with_password (fixture->session, ALEX_PASSWORD, &error));
  g_assert_no_error (error);
  g_clear_object (&entries);
  entries = cw_entry_repository_new (fixture->session);
  stored = cw_entry_repository_load_draft (entries, cw_entry_get_id (second), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cw_entry_get_text (stored, CW_ENTRY_FIELD_DECISION), ==,
                   "Refer to the early help team.");
}

/* A save the repository refuses (a field far too long) says why in a
 * sentence and keeps the text in the form; once shortened it saves and the
 * sentence goes. */
static void
test_save_refused_keeps_text (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(CwEntry) draft = create_draft (fixture, CW_ENTRY_KIND_CASE_NOTE);
  g_autoptr(CwEntryRepository) entries = cw_entry_repository_new (fixture->session);
  g_autoptr(CwEntry) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *too_long = g_strnfill (CW_ENTRY_TEXT_MAX_CHARS + 1, 'a');
  g_autofree char *shown = NULL;
  GtkWidget *editor, *message;
  SaveCount count = { 0 };

  editor = open_editor (fixture->session, draft);
  g_signal_connect (editor, "saved", G_CALLBACK (saved_cb), &count);
  cw_gui_test_type_into_view (editor, "strengths_view",
                              "Amara’s grandmother collects her every day.");
  wait_for_autosave (&count);

  cw_gui_test_type_into_view (editor, "difficulties_risks_view", too_long);
  wait_for_label (editor, "is too long", TRUE);
  message = cw_gui_test_get (editor, "message_label");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (message)),
                            "What you typed is still here."));
  wait_for_label (editor, "Draft — not saved", TRUE);
  shown = cw_gui_test_view_text (editor, "difficulties_risks_view");
  g_assert_cmpstr (shown, ==, too_long);

  /* What was saved before stays saved. */
  stored = cw_entry_repository_load_draft (entries, cw_entry_get_id (draft), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cw_entry_get_text (stored, CW_ENTRY_FIELD_STRENGTHS), ==,
                   "Amara’s grandmother collects her every day.");
  g_assert_cmpstr (cw_entry_get_text (stored, CW_ENTRY_FIELD_DIFFICULTIES_RISKS), ==, "");
  g_clear_object (&stored);

  cw_gui_test_type_into_view (editor, "difficulties_risks_view", "Her mother works nights.");
  wait_for_autosave (&count);
  g_assert_false (cw_gui_test_is_showing (message));
  stored = cw_entry_repository_load_draft (entries, cw_entry_get_id (draft), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cw_entry_get_text (stored, CW_ENTRY_FIELD_DIFFICULTIES_RISKS), ==,
                   "Her mother works nights.");
}

static void
kill_mid_draft_child (void)
{
  const char *path = g_getenv ("CW_TEST_EDITOR_DATABASE");
  g_autoptr(CwSession) session = NULL;
  g_autoptr(CwEntryRepository) entries = NULL;
  g_autoptr(CwEntry) draft = NULL;
  g_autoptr(GError) error = NULL;
  SaveCount count = { 0 };
  GtkWidget *editor;

  g_assert_nonnull (path);
  g_assert_nonnull (g_getenv ("CW_TEST_EDITOR_CHILD"));
  session = sign_in (path, "alex", ALEX_PASSWORD);
  entries = cw_entry_repository_new (session);
  draft = cw_entry_repository_create_draft (entries,
                                            g_ascii_strtoll (g_getenv ("CW_TEST_EDITOR_CHILD"),
                                                             NULL, 10),
                                            CW_ENTRY_KIND_OBSERVATION, &error);
  g_assert_no_error (error);

  editor = open_editor (session, draft);
  g_signal_connect (editor, "saved", G_CALLBACK (saved_cb), &count);
  cw_gui_test_type_into_view (editor, "observed_facts_view", KILL_SENTENCE);
  wait_for_autosave (&count);

  /* No clean-up, no closing: as if the power went. */
  raise (SIGKILL);
}

/* A process killed mid-draft: the draft is there on the next sign-in and
 * the editor shows what was typed. */
static void
test_kill_mid_draft (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CwEntryRepository) entries = NULL;
  g_autoptr(GListModel) drafts = NULL;
  g_autoptr(CwEntry) found = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *child_text = NULL;
  GtkWidget *editor;

  if (g_test_subprocess ())
    {
      kill_mid_draft_child ();
      return;
    }

  /* One connection at a time: the child process opens the database. */
  sign_out (fixture);
  g_setenv ("CW_TEST_EDITOR_DATABASE", fixture->path, TRUE);
  child_text = g_strdup_printf ("%" G_GINT64_FORMAT, child_id);
  g_setenv ("CW_TEST_EDITOR_CHILD", child_text, TRUE);
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_failed ();
  g_unsetenv ("CW_TEST_EDITOR_DATABASE");
  g_unsetenv ("CW_TEST_EDITOR_CHILD");

  fixture->session = sign_in (fixture->path, "alex", ALEX_PASSWORD);
  entries = cw_entry_repository_new (fixture->session);
  drafts = cw_entry_repository_list_my_drafts (entries);
  for (guint i = 0; found == NULL && i < g_list_model_get_n_items (drafts); i++)
    {
      g_autoptr(CwEntry) listed = g_list_model_get_item (drafts, i);
      g_autoptr(CwEntry) draft = cw_entry_repository_load_draft (entries,
                                                                  cw_entry_get_id (listed),
                                                                  NULL);

      if (draft != NULL &&
          g_strcmp0 (cw_entry_get_text (draft, CW_ENTRY_FIELD_OBSERVED_FACTS),
                     KILL_SENTENCE) == 0)
        found = g_steal_pointer (&draft);
    }
  g_assert_nonnull (found);

  editor = open_editor (fixture->session, found);
  shown = cw_gui_test_view_text (editor, "observed_facts_view");
  g_assert_cmpstr (shown, ==, KILL_SENTENCE);
}

/* A correction: a reason is required, the changed field is finished as
 * version 2, and History shows both versions and what changed. */
static void
test_correction_and_history (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(CwEntry) draft = create_draft (fixture, CW_ENTRY_KIND_HOME_VISIT);
  g_autoptr(CwEntryRepository) entries = cw_entry_repository_new (fixture->session);
  g_autoptr(CwEntry) current = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *editor, *history;
  gint64 entry_id = cw_entry_get_id (draft);

  cw_entry_set_text (draft, CW_ENTRY_FIELD_SUMMARY, "Home visit after school");
  cw_entry_set_text (draft, CW_ENTRY_FIELD_LOCATION, "The family home");
  cw_entry_set_text (draft, CW_ENTRY_FIELD_OBSERVED_FACTS, "Amara showed me her bedroom.");
  g_assert_true (cw_entry_repository_finish (entries, draft, &error));
  g_assert_no_error (error);

  editor = open_editor (fixture->session, draft);
  wait_for_label (editor, "Home visit after school", FALSE);

  cw_gui_test_click (cw_gui_test_get (editor, "correct_button"));
  give_reason ("The visit was at her grandmother’s flat", "_Start Correction");

  /* Editing version 2, its reason shown and the old content copied. */
  wait_for_label (editor, "Correction (version 2) — draft", TRUE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cw_gui_test_get (editor,
                                                                         "location_row"))),
                   ==, "The family home");
  cw_gui_test_set_text (cw_gui_test_get (editor, "location_row"), "Her grandmother’s flat");
  finish_note (editor);
  wait_for_label (editor, "Version 2, a correction: The visit was at her grandmother’s flat",
                  FALSE);

  cw_gui_test_click (cw_gui_test_get (editor, "history_button"));
  history = wait_for_toplevel (CW_TYPE_ENTRY_HISTORY, NULL);
  g_assert_cmpuint (cw_entry_history_get_n_versions (CW_ENTRY_HISTORY (history)), ==, 2);
  wait_for_label (history, "Version 1", FALSE);
  wait_for_label (history, "Version 2", FALSE);
  wait_for_label (history, "Reason for the correction: The visit was at her grandmother’s flat",
                  FALSE);
  wait_for_label (history, "Location", FALSE);
  /* What changed: before → after. */
  wait_for_label (history, "The family home   →   Her grandmother’s flat", FALSE);
  cw_gui_test_screenshot (history, "entry-editor-history");

  current = cw_entry_repository_load (entries, entry_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cw_entry_get_version (current), ==, 2);
  g_assert_cmpstr (cw_entry_get_text (current, CW_ENTRY_FIELD_LOCATION), ==,
                   "Her grandmother’s flat");
  versions = cw_entry_repository_list_versions (entries, entry_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 2);
  g_assert_cmpstr (cw_entry_get_text (g_ptr_array_index (versions, 0),
                                      CW_ENTRY_FIELD_LOCATION), ==, "The family home");
}

/* Asking to remove a finished note needs a reason; the editor says who
 * must confirm, and the DSL then has one request waiting. */
static void
test_ask_to_remove (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CwEntry) draft = create_draft (fixture, CW_ENTRY_KIND_PHONE_CALL);
  g_autoptr(CwEntryRepository) entries = cw_entry_repository_new (fixture->session);
  g_autoptr(CwEntryRepository) dee_entries = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *editor;

  cw_entry_set_text (draft, CW_ENTRY_FIELD_SUMMARY, "Call with Amara’s mother");
  cw_entry_set_text (draft, CW_ENTRY_FIELD_OBSERVED_FACTS, "Her mother called at 10:00.");
  g_assert_true (cw_entry_repository_finish (entries, draft, &error));
  g_assert_no_error (error);

  editor = open_editor (fixture->session, draft);
  cw_gui_test_activate_action (editor, "editor.request-removal");
  give_reason ("Entered on the wrong child", "_Ask to Remove");
  wait_for_label (editor, "You asked for this note to be removed", TRUE);
  g_assert_true (cw_gui_test_is_showing (cw_gui_test_get (editor, "withdraw_button")));
  g_assert_false (cw_gui_test_is_showing (cw_gui_test_get (editor, "confirm_removal_button")));

  g_clear_object (&entries);
  sign_out (fixture);
  fixture->session = sign_in (fixture->path, "dee", DEE_PASSWORD);
  dee_entries = cw_entry_repository_new (fixture->session);
  g_assert_cmpint (cw_entry_repository_count_removal_requests (dee_entries), ==, 1);
}

static void
step_up (GtkWidget  *dialog,
         const char *confirm_label,
         const char *password)
{
  GtkWidget *confirm = cw_gui_test_find_button (dialog, confirm_label);

  g_assert_nonnull (confirm);
  cw_gui_test_set_text (cw_gui_test_get (dialog, "password_entry"), password);
  cw_gui_test_wait_for_sensitive (confirm, CW_GUI_TEST_SLOW_MS);
  cw_gui_test_click (confirm);
}

/* The DSL confirms a removal Alex asked for: a reason, then her password
 * (a wrong one first); the note is gone from the record and the request
 * with it. */
static void
test_confirm_removal (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CwEntry) draft = create_draft (fixture, CW_ENTRY_KIND_PHONE_CALL);
  g_autoptr(CwEntryRepository) entries = cw_entry_repository_new (fixture->session);
  g_autoptr(CwEntry) note = NULL;
  g_autoptr(CwEntry) gone = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *editor, *dialog;
  gint64 entry_id = cw_entry_get_id (draft);

  cw_entry_set_text (draft, CW_ENTRY_FIELD_SUMMARY, "Call with Amara’s mother");
  cw_entry_set_text (draft, CW_ENTRY_FIELD_OBSERVED_FACTS, "Her mother called at 10:00.");
  g_assert_true (cw_entry_repository_finish (entries, draft, &error));
  g_assert_no_error (error);
  g_assert_true (cw_entry_repository_request_removal (entries, entry_id,
                                                      "Entered on the wrong child", &error));
  g_assert_no_error (error);
  g_clear_object (&entries);

  sign_out (fixture);
  fixture->session = sign_in (fixture->path, "dee", DEE_PASSWORD);
  entries = cw_entry_repository_new (fixture->session);
  note = cw_entry_repository_load (entries, entry_id, 0, &error);
  g_assert_no_error (error);

  /* The editor finds the waiting request by itself. */
  editor = open_editor (fixture->session, note);
  wait_for_label (editor, "Someone asked for this note to be removed (“Entered on the wrong "
                  "child”).", FALSE);
  g_assert_false (cw_gui_test_is_showing (cw_gui_test_get (editor, "withdraw_button")));
  g_assert_true (cw_gui_test_is_showing (cw_gui_test_get (editor, "decline_button")));
  cw_gui_test_screenshot (editor, "entry-editor-removal-waiting");

  cw_gui_test_click (cw_gui_test_get (editor, "confirm_removal_button"));
  give_reason ("Checked with Alex: it belongs to another child", "_Continue");

  dialog = wait_for_toplevel (g_type_from_name ("CwPasswordDialog"), NULL);
  step_up (dialog, "_Remove Note", "Not-The-Right-One-1111");
  wait_for_label (dialog, "That password is not right.", FALSE);
  g_assert_nonnull (cw_entry_repository_load (entries, entry_id, 0, NULL));

  step_up (dialog, "_Remove Note", DEE_PASSWORD);
  cw_gui_test_wait_for_showing (cw_gui_test_get (editor, "removed_page"), CW_GUI_TEST_SLOW_MS);

  gone = cw_entry_repository_load (entries, entry_id, 0, &error);
  g_assert_null (gone);
  g_assert_error (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_NOT_FOUND);
  g_assert_cmpint (cw_entry_repository_count_removal_requests (entries), ==, 0);
}

/* The body map names the part of the body clicked, left and right being
 * the child's, and refuses clicks beside the outline. */
/* A professional judgement written through its section: an impossible date
 * is called so, Finish queues it for Alex's line manager, and the note then
 * shows the four tests and that it awaits sign-off. */
static void
test_judgement (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(CwEntry) draft = create_draft (fixture, CW_ENTRY_KIND_PROFESSIONAL_JUDGEMENT);
  g_autoptr(CwSignOffRepository) sign_offs = NULL;
  g_autoptr(GListModel) waiting = NULL;
  g_autoptr(CwSignOff) request = NULL;
  g_autoptr(CwJudgement) stored = NULL;
  g_autoptr(GError) error = NULL;
  static const char *const answers[CW_JUDGEMENT_TEST_LAST] = { "yes", "yes", "unsure", "no" };
  GtkWidget *editor, *group, *date_entry;
  gint64 version_id;

  editor = open_editor (fixture->session, draft);
  group = cw_gui_test_get (editor, "judgement_group");
  g_assert_true (cw_gui_test_is_showing (group));

  cw_gui_test_set_text (cw_gui_test_get (editor, "summary_row"),
                        "Kept Amara at school until her aunt collected her");
  cw_gui_test_type_into_view (editor, "judgement_circumstances_view",
                              "Her mother arrived at school drunk and angry at 15:20.");
  adw_combo_row_set_selected (ADW_COMBO_ROW (cw_gui_test_get (editor,
                                                              "judgement_action_status_row")),
                              CW_JUDGEMENT_ACTION_TAKEN);
  cw_gui_test_type_into_view (editor, "judgement_action_view",
                              "Kept Amara in the office and rang her aunt.");
  cw_gui_test_type_into_view (editor, "judgement_reasons_view",
                              "Amara was frightened to go home with her.");
  for (guint t = 0; t < CW_JUDGEMENT_TEST_LAST; t++)
    {
      g_autofree char *button = g_strdup_printf ("judgement_%s_%s",
                                                 cw_judgement_test_get_id (t), answers[t]);
      g_autofree char *view = g_strdup_printf ("judgement_%s_explanation_view",
                                               cw_judgement_test_get_id (t));
      g_autofree char *text = g_strdup_printf ("Explanation for test %u", t + 1);

      cw_gui_test_click (cw_gui_test_get (editor, button));
      cw_gui_test_type_into_view (editor, view, text);
    }
  cw_gui_test_set_text (cw_gui_test_get (editor, "judgement_discussed_with_row"),
                        "Sam Patel, team manager");

  /* A day that does not exist is called so, and not kept. */
  date_entry = cw_gui_test_get (editor, "judgement_discussed_on_entry");
  cw_gui_test_set_text (date_entry, "31/02/2026");
  wait_for_label (editor, "There is no such date", TRUE);
  g_assert_true (gtk_widget_has_css_class (date_entry, "error"));
  cw_gui_test_set_text (date_entry, "20/11/2025");
  g_assert_false (gtk_widget_has_css_class (date_entry, "error"));

  finish_note (editor);
  for (guint t = 0; t < CW_JUDGEMENT_TEST_LAST; t++)
    {
      g_autofree char *text = g_strdup_printf ("%s — Explanation for test %u",
                                               cw_judgement_answer_get_title (
                                                 cw_judgement_answer_from_id (answers[t])),
                                               t + 1);

      wait_for_label (editor, cw_judgement_test_get_title (t), FALSE);
      wait_for_label (editor, text, FALSE);
    }
  wait_for_label (editor, "Awaiting sign-off", TRUE);
  wait_for_label (editor, "Sam Patel, team manager, on 20 Nov 2025", FALSE);

  version_id = cw_entry_get_version_id (cw_entry_editor_get_entry (CW_ENTRY_EDITOR (editor)));
  g_assert_cmpint (version_id, >, 0);

  /* What is stored is what was typed. */
  sign_offs = cw_sign_off_repository_new (fixture->session);
  stored = cw_sign_off_repository_load_judgement (sign_offs, version_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cw_judgement_get_action_status (stored), ==, CW_JUDGEMENT_ACTION_TAKEN);
  g_assert_cmpint (cw_judgement_get_answer (stored, CW_JUDGEMENT_TEST_EQUITABLE), ==,
                   CW_JUDGEMENT_ANSWER_NO);
  g_assert_cmpstr (cw_judgement_get_text (stored, CW_JUDGEMENT_FIELD_REASONS), ==,
                   "Amara was frightened to go home with her.");
  g_assert_cmpint (g_date_get_day (cw_judgement_get_discussed_on (stored)), ==, 20);
  g_clear_object (&sign_offs);

  /* Sam, Alex's line manager, has it waiting. */
  sign_out (fixture);
  fixture->session = sign_in (fixture->path, "sam", SAM_PASSWORD);
  sign_offs = cw_sign_off_repository_new (fixture->session);
  waiting = cw_sign_off_repository_list_waiting_for_me (sign_offs, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (waiting), ==, 1);
  request = g_list_model_get_item (waiting, 0);
  g_assert_cmpint (cw_sign_off_get_version_id (request), ==, version_id);
  g_assert_cmpint (cw_sign_off_get_assigned_to_id (request), ==, sam_id);
  g_assert_cmpint (cw_sign_off_get_author_id (request), ==, alex_id);
  g_assert_cmpint (cw_sign_off_get_state (request), ==, CW_SIGN_OFF_STATE_AWAITING);
}

static void
test_body_map_sites (void)
{
  g_assert_cmpstr (cw_body_map_describe_site (CW_BODY_FRONT, 0.5, 0.1), ==, "face");
  g_assert_cmpstr (cw_body_map_describe_site (CW_BODY_BACK, 0.5, 0.1), ==, "back of the head");
  g_assert_cmpstr (cw_body_map_describe_site (CW_BODY_FRONT, 0.5, 0.32), ==, "chest");
  /* On the front the child's left is on the viewer's right… */
  g_assert_cmpstr (cw_body_map_describe_site (CW_BODY_FRONT, 0.76, 0.35), ==,
                   "left upper arm");
  /* …on the back, on the viewer's left. */
  g_assert_cmpstr (cw_body_map_describe_site (CW_BODY_BACK, 0.24, 0.35), ==, "left upper arm");
  g_assert_cmpstr (cw_body_map_describe_site (CW_BODY_FRONT, 0.395, 0.84), ==, "right shin");
  g_assert_cmpstr (cw_body_map_describe_site (CW_BODY_BACK, 0.395, 0.84), ==, "left calf");
  g_assert_cmpstr (cw_body_map_describe_site (CW_BODY_BACK, 0.5, 0.45), ==, "lower back");
  g_assert_null (cw_body_map_describe_site (CW_BODY_FRONT, 0.05, 0.05));
  g_assert_false (cw_body_map_point_is_on_body (CW_BODY_FRONT, 0.95, 0.5));
  g_assert_true (cw_body_map_point_is_on_body (CW_BODY_FRONT, 0.5, 0.5));
}

int
main (int    argc,
      char **argv)
{
  int status;

  cw_gui_test_init (&argc, &argv);
  g_assert_true (cw_secure_init ());

  g_test_add_func ("/gui/entry-editor/body-map/sites", test_body_map_sites);
  g_test_add ("/gui/entry-editor/write-and-finish", Fixture, NULL,
              fixture_set_up, test_write_and_finish, fixture_tear_down);
  g_test_add ("/gui/entry-editor/finish-refused", Fixture, NULL,
              fixture_set_up, test_finish_refused, fixture_tear_down);
  g_test_add ("/gui/entry-editor/save-refused-keeps-text", Fixture, NULL,
              fixture_set_up, test_save_refused_keeps_text, fixture_tear_down);
  g_test_add ("/gui/entry-editor/close-and-lock-save", Fixture, NULL,
              fixture_set_up, test_close_and_lock_save, fixture_tear_down);
  g_test_add ("/gui/entry-editor/kill-mid-draft", Fixture, NULL,
              fixture_set_up, test_kill_mid_draft, fixture_tear_down);
  g_test_add ("/gui/entry-editor/correction-and-history", Fixture, NULL,
              fixture_set_up, test_correction_and_history, fixture_tear_down);
  g_test_add ("/gui/entry-editor/ask-to-remove", Fixture, NULL,
              fixture_set_up, test_ask_to_remove, fixture_tear_down);
  g_test_add ("/gui/entry-editor/confirm-removal", Fixture, NULL,
              fixture_set_up, test_confirm_removal, fixture_tear_down);
  g_test_add ("/gui/entry-editor/judgement", Fixture, NULL,
              fixture_set_up, test_judgement, fixture_tear_down);

  status = g_test_run ();

  if (template_dir != NULL)
    cw_test_remove_tree (template_dir);
  g_clear_pointer (&template_dir, g_free);

  return status;
}
