/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-entry-editor"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "core/cw-child-repository.h"
#include "core/cw-entry-repository.h"
#include "core/cw-key.h"
#include "core/cw-principles.h"
#include "core/cw-sign-off-repository.h"
#include "cw-body-map.h"
#include "cw-entry-editor.h"
#include "cw-form.h"
#include "cw-entry-history.h"
#include "cw-password-dialog.h"

/* Autosave waits for a pause in typing this long, but never longer than
 * SAVE_MAX_DELAY_MS after the first unsaved change. */
#define SAVE_DELAY_MS 700
#define SAVE_MAX_DELAY_US (3 * G_USEC_PER_SEC)
/* The recording principles are checked again after a pause this long. */
#define CHECK_DELAY_MS 300

typedef enum
{
  MODE_EDIT,      /* a draft: first version or a correction */
  MODE_READ,      /* a finished version */
  MODE_REMOVED,   /* removed while open here */
} Mode;

/* The free-text fields written in a multi-line box, and their slot in the
 * template. The other text fields are one-line entry rows. */
typedef struct
{
  CwEntryField  field;
  const char   *slot;
  const char   *title;      /* with a mnemonic */
  const char   *hint;
  const char   *css_class;
} TextFieldSpec;

static const TextFieldSpec text_fields[] = {
  { CW_ENTRY_FIELD_AMEND_REASON, "amend_reason_slot",
    N_("_Reason for the correction"),
    N_("What was wrong or missing in the finished version, and how this one puts it right."),
    NULL },
  { CW_ENTRY_FIELD_CHILD_NOT_SEEN_REASON, "not_seen_reason_slot",
    N_("Why the child was _not seen or not spoken to"),
    N_("For example: asleep, at school, refused to speak, or a parent would not allow it."),
    NULL },
  { CW_ENTRY_FIELD_CHILD_WORDS, "child_words_slot",
    N_("The child’s _own words"),
    N_("Exactly what the child said, word for word. Do not tidy it up, translate it into "
       "adult language or interpret it."),
    "cw-child-words" },
  { CW_ENTRY_FIELD_WISHES_FEELINGS, "wishes_feelings_slot",
    N_("_Wishes and feelings"),
    N_("What the child wants and how they feel, as they showed it: in words, play, drawing "
       "or behaviour."),
    NULL },
  { CW_ENTRY_FIELD_OBSERVED_FACTS, "observed_facts_slot",
    N_("O_bserved facts"),
    N_("What you saw and heard yourself: behaviour, appearance, the home, who said what."),
    NULL },
  { CW_ENTRY_FIELD_REPORTED_FACTS, "reported_facts_slot",
    N_("Re_ported facts"),
    N_("What someone else told you. Say below who told you."),
    NULL },
  { CW_ENTRY_FIELD_OPINION, "opinion_slot",
    N_("Professional o_pinion and analysis"),
    N_("What you think it means, and how it fits what is already known about the child."),
    NULL },
  { CW_ENTRY_FIELD_OPINION_EVIDENCE, "opinion_evidence_slot",
    N_("_Evidence the opinion rests on"),
    N_("The facts that led you to this view."),
    NULL },
  { CW_ENTRY_FIELD_STRENGTHS, "strengths_slot",
    N_("_Strengths"),
    N_("What is going well for the child and family; what keeps the child safe."),
    NULL },
  { CW_ENTRY_FIELD_DIFFICULTIES_RISKS, "difficulties_risks_slot",
    N_("_Difficulties and risks"),
    N_("What worries you, how likely it is and how serious it would be."),
    NULL },
  { CW_ENTRY_FIELD_DECISION, "decision_slot",
    N_("De_cision"),
    N_("What was decided, and by whom."),
    NULL },
  { CW_ENTRY_FIELD_DECISION_REASONS, "decision_reasons_slot",
    N_("Reasons for the deci_sion"),
    NULL,
    NULL },
  { CW_ENTRY_FIELD_IMPACT, "impact_slot",
    N_("_What this means for the child"),
    N_("For their safety, health and development, and for their daily life."),
    NULL },
};

/* Yes / no / not recorded questions about the child. */
typedef enum
{
  ANSWER_SEEN,
  ANSWER_SEEN_ALONE,
  ANSWER_SPOKEN_TO,
  N_ANSWERS
} AnswerQuestion;

static const struct
{
  const char *name;
  const char *title;
} answer_questions[N_ANSWERS] = {
  [ANSWER_SEEN]       = { "child_seen", N_("Was the child seen?") },
  [ANSWER_SEEN_ALONE] = { "child_seen_alone", N_("Was the child seen alone?") },
  [ANSWER_SPOKEN_TO]  = { "child_spoken_to", N_("Was the child spoken to?") },
};

/* The toggle buttons of one question, in this order. */
static const CwAnswer answer_order[] = { CW_ANSWER_YES, CW_ANSWER_NO, CW_ANSWER_UNSET };

static const CwOutcomes outcome_flags[] = {
  CW_OUTCOME_STAY_SAFE,
  CW_OUTCOME_BE_HEALTHY,
  CW_OUTCOME_ENJOY_AND_ACHIEVE,
  CW_OUTCOME_POSITIVE_CONTRIBUTION,
  CW_OUTCOME_ECONOMIC_WELLBEING,
};
#define N_OUTCOMES G_N_ELEMENTS (outcome_flags)

static const char editor_css[] =
  "frame.cw-text-field { border-radius: 8px; }\n"
  "frame.cw-text-field > textview { border-radius: 8px; }\n"
  "frame.cw-text-field:focus-within { border-color: @accent_color;"
  "  box-shadow: inset 0 0 0 1px @accent_color; }\n"
  "frame.cw-child-words { border-left: 4px solid @accent_bg_color; }\n"
  "frame.cw-child-words > textview { font-family: serif; font-style: italic;"
  "  font-size: 1.1em; }\n"
  ".cw-quote-mark { font-family: serif; font-size: 1.6em; font-weight: bold;"
  "  color: @accent_color; }\n"
  ".cw-child-words-quote { font-family: serif; font-style: italic; font-size: 1.1em;"
  "  border-left: 4px solid @accent_bg_color; padding: 6px 14px;"
  "  background-color: alpha(@accent_bg_color, 0.07); border-radius: 0 6px 6px 0; }\n"
  ".cw-evidence-card { padding: 16px 18px 18px 18px; border-radius: 12px;"
  "  border-left: 5px solid; background-color: alpha(currentColor, 0.03); }\n"
  ".cw-evidence-card.cw-fact { border-left-color: @success_color; }\n"
  ".cw-evidence-card.cw-reported { border-left-color: @warning_color; }\n"
  ".cw-evidence-card.cw-opinion { border-left-color: @purple_3; }\n"
  ".cw-fact .cw-evidence-tag { color: @success_color; }\n"
  ".cw-reported .cw-evidence-tag { color: mix(@warning_color, currentColor, 0.35); }\n"
  ".cw-opinion .cw-evidence-tag { color: @purple_4; }\n"
  ".cw-message-bar { padding: 10px 18px; background-color: alpha(@error_bg_color, 0.15);"
  "  border-bottom: 1px solid alpha(@error_color, 0.3); }\n"
  ".cw-removal-bar { padding: 10px 18px; background-color: alpha(@warning_bg_color, 0.18);"
  "  border-bottom: 1px solid alpha(@warning_color, 0.35); }\n"
  ".cw-mark-number { background-color: #c01c28; color: white; border-radius: 999px;"
  "  min-width: 24px; min-height: 24px; font-weight: bold; }\n"
  ".cw-pill { padding: 2px 10px; border-radius: 999px;"
  "  background-color: alpha(currentColor, 0.1); }\n"
  ".cw-pill.cw-significant { background-color: alpha(@accent_bg_color, 0.18); }\n"
  ".cw-pill.cw-restricted { background-color: alpha(@warning_bg_color, 0.25); }\n"
  "row.cw-met image { color: @success_color; }\n"
  "row.cw-missed image { color: @warning_color; }\n"
  "row.cw-met label { opacity: 0.6; }\n"
  "row.cw-missed #principle_title { font-weight: bold; }\n";

struct _CwEntryEditor
{
  AdwWindow           parent_instance;

  /* Template */
  AdwWindowTitle     *window_title;
  GtkMenuButton      *draft_menu_button;
  GtkButton          *correct_button;
  GtkButton          *history_button;
  GtkButton          *finish_button;
  GtkMenuButton      *note_menu_button;
  GtkToggleButton    *principles_button;
  GtkImage           *principles_icon;
  GtkLabel           *principles_count_label;
  GtkRevealer        *message_revealer;
  GtkLabel           *message_label;
  GtkRevealer        *removal_revealer;
  GtkLabel           *removal_label;
  GtkButton          *withdraw_button;
  GtkButton          *decline_button;
  GtkButton          *confirm_removal_button;
  AdwFlap            *flap;
  GtkStack           *mode_stack;
  GtkBox             *form_box;
  GtkWidget          *correction_section;
  AdwComboRow        *kind_row;
  AdwEntryRow        *summary_row;
  AdwComboRow        *precision_row;
  AdwActionRow       *date_row;
  GtkMenuButton      *date_button;
  GtkPopover         *date_popover;
  GtkCalendar        *date_calendar;
  AdwEntryRow        *time_row;
  GtkLabel           *time_problem_label;
  AdwEntryRow        *present_row;
  AdwEntryRow        *location_row;
  GtkListBox         *child_answers_list;
  AdwEntryRow        *source_name_row;
  AdwEntryRow        *source_role_row;
  GtkListBox         *actions_list;
  GtkListBox         *outcomes_list;
  GtkSwitch          *significant_switch;
  GtkSwitch          *restricted_switch;
  CwBodyMap          *body_map;
  GtkListBox         *marks_list;
  GtkButton          *add_front_mark_button;
  GtkBox             *read_box;
  GtkLabel           *due_label;
  GtkListBox         *principles_list;
  GtkBox             *slots[G_N_ELEMENTS (text_fields)];
  AdwPreferencesGroup *judgement_group;

  /* Built in code */
  GtkLabel           *child_label;
  GtkTextView        *text_views[CW_ENTRY_FIELD_LAST];
  GtkWidget          *not_seen_reason_field;
  GtkToggleButton    *answer_buttons[N_ANSWERS][G_N_ELEMENTS (answer_order)];
  GtkCheckButton     *outcome_checks[N_OUTCOMES];
  GtkWidget          *principle_rows[CW_PRINCIPLE_LAST];
  GtkImage           *principle_icons[CW_PRINCIPLE_LAST];
  GtkLabel           *principle_advice[CW_PRINCIPLE_LAST];
  gboolean            principle_missed[CW_PRINCIPLE_LAST];
  guint               n_mark_rows;
  CwBodyMap          *read_body_map;
  GtkWidget          *judgement_widgets[CW_JUDGEMENT_FIELD_LAST];
  AdwComboRow        *action_status_row;
  AdwComboRow        *referral_row;
  GtkToggleButton    *test_buttons[CW_JUDGEMENT_TEST_LAST][3];
  GtkTextView        *test_views[CW_JUDGEMENT_TEST_LAST];
  AdwActionRow       *date_rows[2];        /* discussed on, referral date */
  GtkEntry           *date_entries[2];

  /* State */
  CwSession          *session;
  CwEntryRepository  *entries;
  CwSignOffRepository *sign_offs;
  CwJudgement        *judgement;           /* the judgement part, for kinds that have one */
  gulong              judgement_changed_id;
  CwEntry            *entry;
  gulong              entry_changed_id;
  char               *child_name;
  CwChild            *child;
  CwRecordingRules    rules;
  GDateTime          *first_finished_at;   /* version 1's, for a correction's lateness */
  Mode                mode;
  gboolean            loading;             /* filling the form: no writes back */
  gboolean            dirty;               /* the draft has unsaved changes */
  gint64              dirty_since;         /* monotonic µs of the first unsaved change */
  guint               save_timeout_id;
  guint               check_timeout_id;
  GDateTime          *saved_at;            /* the last save from this window */
  char               *save_error;
  gboolean            close_without_saving;
  gboolean            removal_pending;     /* known to this window */
  gboolean            removal_requested_by_me;
  char               *removal_reason;
  GCancellable       *cancellable;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_ENTRY,
  N_PROPS
};

enum {
  SAVED,
  FINISHED,
  CHANGED_STATE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CwEntryEditor, cw_entry_editor, ADW_TYPE_WINDOW)

static void entry_changed_cb (CwEntryEditor *self);
static void text_buffer_changed_cb (GtkTextBuffer *buffer, CwEntryEditor *self);

/* Helpers: small ---------------------------------------------------------- */

static void
set_editable_text (GtkEditable *editable,
                   const char  *text)
{
  if (text == NULL)
    text = "";
  if (g_strcmp0 (gtk_editable_get_text (editable), text) != 0)
    gtk_editable_set_text (editable, text);
}

static gboolean
is_draft (CwEntryEditor *self)
{
  return self->entry != NULL && !cw_entry_get_finished (self->entry) &&
         self->mode == MODE_EDIT;
}

static gboolean
session_usable (CwEntryEditor *self)
{
  return self->session != NULL && !cw_session_is_locked (self->session) &&
         cw_session_get_database (self->session) != NULL;
}

/* Decisions and professional judgements carry a judgement part. */
static gboolean
has_judgement (CwEntryEditor *self)
{
  return self->entry != NULL && self->judgement != NULL &&
         cw_entry_kind_has_judgement (cw_entry_get_kind (self->entry));
}

/* "Tue 24 Nov" (with the year when it is not this year). */
static char *
format_day (const GDate *day)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  dt = g_date_time_new_local (g_date_get_year (day), g_date_get_month (day),
                              g_date_get_day (day), 0, 0, 0);
  if (dt == NULL)
    return g_strdup ("");

  if (g_date_time_get_year (dt) == g_date_time_get_year (now))
    /* TRANSLATORS: a due date this year, "Tue 24 Nov" (g_date_time_format) */
    return g_date_time_format (dt, _("%a %-d %b"));
  /* TRANSLATORS: a due date in another year, "Tue 24 Nov 2026" (g_date_time_format) */
  return g_date_time_format (dt, _("%a %-d %b %Y"));
}

static void
date_from_date_time (GDateTime *dt,
                     GDate     *out)
{
  g_date_clear (out, 1);
  g_date_set_dmy (out, g_date_time_get_day_of_month (dt), g_date_time_get_month (dt),
                  g_date_time_get_year (dt));
}

static void
today (GDate *out)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  date_from_date_time (now, out);
}



static void
ensure_style (void)
{
  static GdkDisplay *styled_display;
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GtkCssProvider) provider = NULL;

  if (display == NULL || display == styled_display)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider, editor_css, -1);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  styled_display = display;
}

/* The first widget named @name at or under @root. */
static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (root == NULL)
    return NULL;

  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Helpers: messages ------------------------------------------------------- */

static void
show_message (CwEntryEditor *self,
              const char    *sentence)
{
  gtk_label_set_text (self->message_label, sentence != NULL ? sentence : "");
  gtk_revealer_set_reveal_child (self->message_revealer, sentence != NULL);
}

/* Helpers: title and status ------------------------------------------------ */

static char *
describe_state (CwEntryEditor *self)
{
  int version = cw_entry_get_version (self->entry);
  g_autofree char *saved = NULL;
  g_autofree char *draft = NULL;

  if (self->mode == MODE_REMOVED)
    return g_strdup (_("Removed"));

  if (cw_entry_get_finished (self->entry))
    return cw_entry_describe_version (self->entry);

  if (version > 1)
    /* TRANSLATORS: the state of a correction being written */
    draft = g_strdup_printf (_("Correction (version %d) — draft"), version);
  else
    draft = g_strdup (_("Draft"));

  if (self->save_error != NULL)
    /* TRANSLATORS: "Draft — not saved" */
    return g_strdup_printf (_("%s — not saved"), draft);

  if (self->dirty)
    /* TRANSLATORS: "Draft — saving…" */
    return g_strdup_printf (_("%s — saving…"), draft);

  if (self->saved_at != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (self->saved_at);

      saved = g_date_time_format (local, "%H:%M");
      /* TRANSLATORS: "Draft — saved 14:05" */
      return g_strdup_printf (_("%s — saved %s"), draft, saved);
    }

  if (cw_entry_get_started_at (self->entry) != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (cw_entry_get_started_at (self->entry));

      saved = g_date_time_format (local, "%H:%M");
      /* TRANSLATORS: "Draft — started 14:05" */
      return g_strdup_printf (_("%s — started %s"), draft, saved);
    }

  return g_steal_pointer (&draft);
}

static void
update_title (CwEntryEditor *self)
{
  g_autofree char *state = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *window_title = NULL;
  const char *kind;

  if (self->entry == NULL)
    return;

  kind = cw_entry_kind_get_title (cw_entry_get_kind (self->entry));
  state = describe_state (self);
  /* TRANSLATORS: the editor's subtitle: the kind of note and its state,
   * "Home visit · Draft — saved 14:05" */
  subtitle = g_strdup_printf (_("%s · %s"), kind, state);

  adw_window_title_set_title (self->window_title,
                              self->child_name != NULL ? self->child_name : _("Case Note"));
  adw_window_title_set_subtitle (self->window_title, subtitle);

  /* TRANSLATORS: the window's title: the kind of note and the child,
   * "Home visit — Amara Okafor" */
  window_title = g_strdup_printf (_("%s — %s"), kind,
                                  self->child_name != NULL ? self->child_name : _("Case Note"));
  gtk_window_set_title (GTK_WINDOW (self), window_title);
}

static void
update_child_label (CwEntryEditor *self)
{
  g_autofree char *text = NULL;
  const GDate *dob;
  const GDate *event;
  int age;
  gboolean approximate = FALSE;

  if (self->child == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->child_label), FALSE);
      return;
    }

  dob = cw_child_get_date_of_birth (self->child);
  event = cw_entry_get_event_date (self->entry);
  age = g_date_valid (event) ? cw_child_get_age_on (self->child, event, &approximate) : -1;

  if (dob == NULL || !g_date_valid (dob))
    /* TRANSLATORS: who a note is about, when the birth date is unknown */
    text = g_strdup_printf (_("About %s (date of birth not known)"), self->child_name);
  else
    {
      g_autofree char *born = cw_event_format (dob, -1, -1, CW_EVENT_DAY);

      if (age >= 0 && approximate)
        /* TRANSLATORS: who a note is about, their birth date and their age at the event */
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "About %s, born about %s: about %d year old "
                                             "at the time",
                                             "About %s, born about %s: about %d years old "
                                             "at the time", age),
                                self->child_name, born, age);
      else if (age >= 0)
        /* TRANSLATORS: who a note is about, their birth date and their age at the event */
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "About %s, born %s: %d year old at the time",
                                             "About %s, born %s: %d years old at the time", age),
                                self->child_name, born, age);
      else
        /* TRANSLATORS: who a note is about and their birth date */
        text = g_strdup_printf (_("About %s, born %s"), self->child_name, born);
    }

  gtk_label_set_text (self->child_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->child_label), TRUE);
}

/* Helpers: actions enabled ----------------------------------------------- */

static void
update_actions (CwEntryEditor *self)
{
  gboolean edit = self->mode == MODE_EDIT && self->entry != NULL;
  gboolean read = self->mode == MODE_READ && self->entry != NULL;
  gboolean may_record = self->session != NULL &&
                        cw_session_can (self->session, CW_PERMISSION_RECORD_CASE_NOTES);
  gboolean may_confirm = self->session != NULL &&
                         cw_session_can (self->session, CW_PERMISSION_CONFIRM_SOFT_DELETE);
  gboolean pending = read && self->removal_pending;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save-now", edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.finish", edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.discard", edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.correct", read && may_record);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.history", read);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.request-removal",
                                 read && may_record && !self->removal_pending);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.confirm-removal",
                                 pending && may_confirm && !self->removal_requested_by_me);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.decline-removal",
                                 pending && (may_confirm || self->removal_requested_by_me));

  gtk_widget_set_visible (GTK_WIDGET (self->draft_menu_button), edit);
  gtk_widget_set_visible (GTK_WIDGET (self->finish_button), edit);
  gtk_widget_set_visible (GTK_WIDGET (self->correct_button), read && may_record);
  gtk_widget_set_visible (GTK_WIDGET (self->history_button), read);
  gtk_widget_set_visible (GTK_WIDGET (self->note_menu_button), read && may_record);
  gtk_widget_set_visible (GTK_WIDGET (self->principles_button), self->mode != MODE_REMOVED);

  /* The removal bar. */
  if (pending)
    {
      g_autofree char *text = NULL;

      if (self->removal_requested_by_me)
        /* TRANSLATORS: shown on a note whose removal I asked for */
        text = g_strdup_printf (_("You asked for this note to be removed (“%s”). A line manager "
                                  "or the Designated Safeguarding Lead must confirm it."),
                                self->removal_reason != NULL ? self->removal_reason : "");
      else
        /* TRANSLATORS: shown on a note whose removal someone else asked for */
        text = g_strdup_printf (_("Someone asked for this note to be removed (“%s”)."),
                                self->removal_reason != NULL ? self->removal_reason : "");
      gtk_label_set_text (self->removal_label, text);
    }
  gtk_revealer_set_reveal_child (self->removal_revealer, pending);
  gtk_widget_set_visible (GTK_WIDGET (self->withdraw_button),
                          pending && self->removal_requested_by_me);
  gtk_widget_set_visible (GTK_WIDGET (self->decline_button),
                          pending && !self->removal_requested_by_me && may_confirm);
  gtk_widget_set_visible (GTK_WIDGET (self->confirm_removal_button),
                          pending && !self->removal_requested_by_me && may_confirm);
}

/* Helpers: recording principles -------------------------------------------- */

static int
principle_rows_sort_cb (GtkListBoxRow *a,
                        GtkListBoxRow *b,
                        gpointer       user_data)
{
  CwEntryEditor *self = user_data;
  int pa = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (a), "cw-principle"));
  int pb = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (b), "cw-principle"));

  /* What is missed first, then the principles' own order. */
  if (self->principle_missed[pa] != self->principle_missed[pb])
    return self->principle_missed[pa] ? -1 : 1;

  return pa - pb;
}

static void
build_principle_rows (CwEntryEditor *self)
{
  gtk_list_box_set_sort_func (self->principles_list, principle_rows_sort_cb, self, NULL);

  for (guint i = 0; i < CW_PRINCIPLE_LAST; i++)
    {
      g_autofree char *name = g_strdup_printf ("principle-%s", cw_principle_get_id (i));
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *icon = gtk_image_new_from_icon_name ("object-select-symbolic");
      GtkWidget *title = gtk_label_new (cw_principle_get_title (i));
      GtkWidget *advice = gtk_label_new (NULL);

      gtk_widget_set_valign (icon, GTK_ALIGN_START);
      gtk_widget_set_margin_top (icon, 2);

      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_widget_set_name (title, "principle_title");

      gtk_label_set_xalign (GTK_LABEL (advice), 0);
      gtk_label_set_wrap (GTK_LABEL (advice), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (advice), PANGO_WRAP_WORD_CHAR);
      gtk_widget_set_name (advice, "principle_advice");
      gtk_widget_add_css_class (advice, "dim-label");
      gtk_widget_set_visible (advice, FALSE);

      gtk_box_append (GTK_BOX (text), title);
      gtk_box_append (GTK_BOX (text), advice);
      gtk_widget_set_hexpand (text, TRUE);
      gtk_box_append (GTK_BOX (box), icon);
      gtk_box_append (GTK_BOX (box), text);
      gtk_widget_set_margin_top (box, 10);
      gtk_widget_set_margin_bottom (box, 10);
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);

      gtk_widget_set_name (row, name);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, title, NULL,
                                      GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, advice, NULL,
                                      -1);
      gtk_widget_set_visible (row, FALSE);
      g_object_set_data (G_OBJECT (row), "cw-principle", GINT_TO_POINTER (i));
      gtk_list_box_append (self->principles_list, row);

      self->principle_rows[i] = row;
      self->principle_icons[i] = GTK_IMAGE (icon);
      self->principle_advice[i] = GTK_LABEL (advice);
    }
}

/* The entry as the principles should judge it: a correction counts as
 * written when the note was first finished. */
static CwEntry *
entry_to_check (CwEntryEditor *self)
{
  CwEntry *copy;

  if (cw_entry_get_version (self->entry) <= 1 || self->first_finished_at == NULL)
    return g_object_ref (self->entry);

  copy = cw_entry_copy (self->entry);
  cw_entry_set_finished (copy, TRUE);
  cw_entry_set_finished_at (copy, self->first_finished_at);
  return copy;
}

static void
update_due (CwEntryEditor *self)
{
  GtkWidget *label = GTK_WIDGET (self->due_label);
  g_autofree char *day_text = NULL;
  g_autofree char *text = NULL;
  GDateTime *finished_at = NULL;
  gboolean late;
  GDate due, done;

  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "success");

  if (self->entries == NULL || !session_usable (self) ||
      !cw_entry_repository_get_due_date (self->entries, self->entry, &due))
    {
      gtk_label_set_text (self->due_label,
                          _("The deadline follows from the date of the event: give the date."));
      return;
    }

  day_text = format_day (&due);

  if (cw_entry_get_version (self->entry) > 1 && self->first_finished_at != NULL)
    finished_at = self->first_finished_at;
  else if (cw_entry_get_finished (self->entry))
    finished_at = cw_entry_get_finished_at (self->entry);

  if (finished_at != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (finished_at);

      date_from_date_time (local, &done);
      late = g_date_compare (&done, &due) > 0;
      if (late)
        /* TRANSLATORS: a finished note that was late; %s is "Fri 20 Nov" */
        text = g_strdup_printf (_("Finished late: it was due by the end of %s"), day_text);
      else
        /* TRANSLATORS: %s is "Tue 24 Nov" */
        text = g_strdup_printf (_("Finished on time: due by the end of %s"), day_text);
    }
  else
    {
      today (&done);
      late = g_date_compare (&done, &due) > 0;
      if (late)
        /* TRANSLATORS: a draft past its deadline; %s is "Fri 20 Nov" */
        text = g_strdup_printf (_("Late: due %s"), day_text);
      else if (g_date_compare (&done, &due) == 0)
        /* TRANSLATORS: %s is "Tue 24 Nov" */
        text = g_strdup_printf (_("Due by the end of today, %s"), day_text);
      else
        /* TRANSLATORS: %s is "Tue 24 Nov" */
        text = g_strdup_printf (_("Due by end of %s"), day_text);
    }

  gtk_label_set_text (self->due_label, text);
  gtk_widget_add_css_class (label, late ? "error" : "success");
}

static void
update_principles (CwEntryEditor *self)
{
  g_autoptr(CwEntry) judged = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autofree char *count_text = NULL;
  guint missed;

  g_clear_handle_id (&self->check_timeout_id, g_source_remove);

  if (self->entry == NULL)
    return;

  judged = entry_to_check (self);
  checks = cw_principles_check (judged, &self->rules, NULL);
  missed = cw_principles_count_missed (checks);

  for (guint i = 0; i < checks->len && i < CW_PRINCIPLE_LAST; i++)
    {
      CwPrincipleCheck *check = g_ptr_array_index (checks, i);
      GtkWidget *row = self->principle_rows[check->principle];
      GtkImage *icon = self->principle_icons[check->principle];
      GtkLabel *advice = self->principle_advice[check->principle];
      gboolean is_missed = check->applies && !check->met;

      gtk_widget_set_visible (row, check->applies);
      self->principle_missed[check->principle] = is_missed;

      if (!check->applies)
        continue;

      gtk_label_set_text (advice, is_missed && check->advice != NULL ? check->advice : "");
      gtk_widget_set_visible (GTK_WIDGET (advice), is_missed && check->advice != NULL);

      if (is_missed)
        {
          gtk_image_set_from_icon_name (icon, "dialog-warning-symbolic");
          gtk_widget_remove_css_class (row, "cw-met");
          gtk_widget_add_css_class (row, "cw-missed");
          gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("To look at"), -1);
        }
      else
        {
          gtk_image_set_from_icon_name (icon, "object-select-symbolic");
          gtk_widget_remove_css_class (row, "cw-missed");
          gtk_widget_add_css_class (row, "cw-met");
          gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Met"), -1);
        }
    }
  gtk_list_box_invalidate_sort (self->principles_list);

  if (missed == 0)
    count_text = g_strdup (_("All principles met"));
  else
    count_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u principle to look at",
                                               "%u principles to look at", missed), missed);
  gtk_label_set_text (self->principles_count_label, count_text);
  gtk_image_set_from_icon_name (self->principles_icon,
                                missed == 0 ? "object-select-symbolic" :
                                "dialog-warning-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->principles_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, count_text, -1);

  update_due (self);
}

static gboolean
check_timeout_cb (gpointer user_data)
{
  CwEntryEditor *self = user_data;

  self->check_timeout_id = 0;
  update_principles (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_check (CwEntryEditor *self)
{
  g_clear_handle_id (&self->check_timeout_id, g_source_remove);
  self->check_timeout_id = g_timeout_add (CHECK_DELAY_MS, check_timeout_cb, self);
}

/* Helpers: saving --------------------------------------------------------- */

/* Saves a pending change now. No widgets are touched: this also runs from
 * dispose. */
static gboolean
save_now (CwEntryEditor  *self,
          GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  g_clear_handle_id (&self->save_timeout_id, g_source_remove);

  if (!self->dirty || self->entry == NULL || cw_entry_get_finished (self->entry))
    return TRUE;

  if (!session_usable (self))
    {
      g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_LOCKED,
                           _("Casework is locked, so the draft could not be saved. Unlock it "
                             "and type the last change again."));
      return FALSE;
    }

  if (!cw_entry_repository_save_draft (self->entries, self->entry, &local_error) ||
      (has_judgement (self) &&
       !cw_sign_off_repository_save_judgement (self->sign_offs, self->entry, self->judgement,
                                               &local_error)))
    {
      g_free (self->save_error);
      self->save_error = g_strdup (local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  self->dirty = FALSE;
  self->dirty_since = 0;
  g_clear_pointer (&self->save_error, g_free);
  g_clear_pointer (&self->saved_at, g_date_time_unref);
  self->saved_at = g_date_time_new_now_utc ();

  g_signal_emit (self, signals[SAVED], 0);
  return TRUE;
}

/* Saves and shows the outcome. */
static gboolean
save_and_show (CwEntryEditor *self)
{
  g_autoptr(GError) error = NULL;
  gboolean was_error = self->save_error != NULL;
  gboolean saved = save_now (self, &error);

  if (!saved)
    {
      g_autofree char *sentence =
        /* TRANSLATORS: %s is why a draft could not be saved; what is typed stays */
        g_strdup_printf (_("The draft could not be saved: %s What you typed is still here."),
                         error->message);

      show_message (self, sentence);
    }
  else if (was_error)
    {
      show_message (self, NULL);
    }

  update_title (self);
  return saved;
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  CwEntryEditor *self = user_data;

  self->save_timeout_id = 0;
  save_and_show (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_save (CwEntryEditor *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->dirty_since == 0)
    self->dirty_since = now;

  /* A pause in typing saves; so does a long stretch without one. */
  if (self->save_timeout_id != 0 && now - self->dirty_since >= SAVE_MAX_DELAY_US)
    return;

  g_clear_handle_id (&self->save_timeout_id, g_source_remove);
  self->save_timeout_id = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
}

/* Saves what is pending without showing anything: on hide and dispose. */
static void
flush_quietly (CwEntryEditor *self)
{
  g_autoptr(GError) error = NULL;

  if (self->dirty && !self->close_without_saving && !save_now (self, &error))
    g_debug ("A draft could not be saved on closing: %s", error->message);
}

/* Helpers: text fields ---------------------------------------------------- */

static GtkWidget *
build_text_field (CwEntryEditor       *self,
                  const TextFieldSpec *spec)
{
  GtkWidget *box, *title_box, *title, *frame, *view;
  GtkTextBuffer *buffer;
  g_autofree char *name = g_strdup_printf ("%s_view", cw_entry_field_get_column (spec->field));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  title_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  if (spec->field == CW_ENTRY_FIELD_CHILD_WORDS)
    {
      GtkWidget *quote = gtk_label_new ("“");

      gtk_widget_add_css_class (quote, "cw-quote-mark");
      gtk_accessible_update_property (GTK_ACCESSIBLE (quote), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      "", -1);
      gtk_widget_set_valign (quote, GTK_ALIGN_END);
      gtk_box_append (GTK_BOX (title_box), quote);
    }
  title = gtk_label_new_with_mnemonic (_(spec->title));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_set_valign (title, GTK_ALIGN_END);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (title_box), title);
  gtk_box_append (GTK_BOX (box), title_box);

  if (spec->hint != NULL)
    {
      GtkWidget *hint = gtk_label_new (_(spec->hint));

      gtk_label_set_xalign (GTK_LABEL (hint), 0);
      gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
      gtk_widget_add_css_class (hint, "dim-label");
      gtk_widget_add_css_class (hint, "caption");
      gtk_box_append (GTK_BOX (box), hint);
    }

  view = gtk_text_view_new ();
  gtk_widget_set_name (view, name);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 10);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 10);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_pixels_inside_wrap (GTK_TEXT_VIEW (view), 2);
  gtk_widget_set_size_request (view, -1, spec->field == CW_ENTRY_FIELD_AMEND_REASON ? 64 : 96);
  gtk_label_set_mnemonic_widget (GTK_LABEL (title), view);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (view),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, title, NULL, -1);
  if (spec->hint != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (view),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _(spec->hint), -1);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  g_object_set_data (G_OBJECT (buffer), "cw-field", GINT_TO_POINTER (spec->field + 1));
  g_signal_connect (buffer, "changed", G_CALLBACK (text_buffer_changed_cb), self);

  frame = gtk_frame_new (NULL);
  gtk_widget_add_css_class (frame, "cw-text-field");
  if (spec->css_class != NULL)
    gtk_widget_add_css_class (frame, spec->css_class);
  gtk_frame_set_child (GTK_FRAME (frame), view);
  gtk_box_append (GTK_BOX (box), frame);

  self->text_views[spec->field] = GTK_TEXT_VIEW (view);

  return box;
}

/* The widget that edits a text field. */
static GtkWidget *
field_widget (CwEntryEditor *self,
              CwEntryField   field)
{
  switch (field)
    {
    case CW_ENTRY_FIELD_SUMMARY:
      return GTK_WIDGET (self->summary_row);
    case CW_ENTRY_FIELD_PRESENT:
      return GTK_WIDGET (self->present_row);
    case CW_ENTRY_FIELD_LOCATION:
      return GTK_WIDGET (self->location_row);
    case CW_ENTRY_FIELD_REPORTED_SOURCE_NAME:
      return GTK_WIDGET (self->source_name_row);
    case CW_ENTRY_FIELD_REPORTED_SOURCE_ROLE:
      return GTK_WIDGET (self->source_role_row);
    default:
      return (guint) field < CW_ENTRY_FIELD_LAST ? GTK_WIDGET (self->text_views[field]) : NULL;
    }
}

static void
update_not_seen_reason (CwEntryEditor *self)
{
  gboolean show = cw_entry_get_child_seen (self->entry) == CW_ANSWER_NO ||
                  cw_entry_get_child_spoken_to (self->entry) == CW_ANSWER_NO ||
                  !cw_form_is_blank (cw_entry_get_text (self->entry,
                                                        CW_ENTRY_FIELD_CHILD_NOT_SEEN_REASON));

  gtk_widget_set_visible (self->not_seen_reason_field, show);
}

/* Helpers: when it happened ------------------------------------------------ */

static void
update_date_widgets (CwEntryEditor *self)
{
  const GDate *date = cw_entry_get_event_date (self->entry);
  CwEventPrecision precision = cw_entry_get_event_precision (self->entry);
  g_autofree char *label = NULL;

  if (g_date_valid (date))
    label = cw_event_format (date, -1, -1,
                             precision == CW_EVENT_EXACT ? CW_EVENT_DAY : precision);
  else
    label = g_strdup (_("Choose a date"));
  gtk_menu_button_set_label (self->date_button, label);

  if (g_date_valid (date))
    {
      g_autoptr(GDateTime) dt = g_date_time_new_local (g_date_get_year (date),
                                                       g_date_get_month (date),
                                                       g_date_get_day (date), 12, 0, 0);

      if (dt != NULL)
        gtk_calendar_select_day (self->date_calendar, dt);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->time_row), precision == CW_EVENT_EXACT);
  if (precision != CW_EVENT_EXACT)
    gtk_widget_set_visible (GTK_WIDGET (self->time_problem_label), FALSE);

  adw_action_row_set_subtitle (self->date_row,
                               precision == CW_EVENT_MONTH ?
                               _("Any day of the month: only the month is kept") : "");
}

/* Helpers: actions -------------------------------------------------------- */

static int
row_index_of (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX_ROW);

  return row != NULL ? gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) : -1;
}

static CwEntryAction *
action_for_widget (CwEntryEditor *self,
                   GtkWidget     *widget)
{
  GPtrArray *actions = cw_entry_get_actions (self->entry);
  int index = row_index_of (widget);

  if (index < 0 || (guint) index >= actions->len)
    return NULL;

  return g_ptr_array_index (actions, index);
}

static void
update_action_date_button (GtkMenuButton       *button,
                           const CwEntryAction *action)
{
  g_autofree char *label = NULL;

  if (g_date_valid (&action->by_when))
    {
      g_autofree char *day = cw_event_format (&action->by_when, -1, -1, CW_EVENT_DAY);

      /* TRANSLATORS: when an action is due, "by 24 Nov 2026" */
      label = g_strdup_printf (_("by %s"), day);
    }
  else
    {
      label = g_strdup (_("By when?"));
    }

  gtk_menu_button_set_label (button, label);
}

static void
action_text_changed_cb (GtkEditable   *editable,
                        CwEntryEditor *self)
{
  CwEntryAction *action;
  char **slot;

  if (self->loading || !is_draft (self))
    return;

  action = action_for_widget (self, GTK_WIDGET (editable));
  if (action == NULL)
    return;

  slot = g_object_get_data (G_OBJECT (editable), "cw-action-who") != NULL ? &action->who
                                                                          : &action->what;
  g_free (*slot);
  *slot = g_strdup (gtk_editable_get_text (editable));
  cw_entry_emit_changed (self->entry);
}

static void
action_day_selected_cb (GtkCalendar   *calendar,
                        CwEntryEditor *self)
{
  g_autoptr(GDateTime) dt = gtk_calendar_get_date (calendar);
  GtkMenuButton *button = g_object_get_data (G_OBJECT (calendar), "cw-button");
  CwEntryAction *action;

  if (self->loading || !is_draft (self))
    return;

  action = action_for_widget (self, GTK_WIDGET (button));
  if (action == NULL)
    return;

  date_from_date_time (dt, &action->by_when);
  update_action_date_button (button, action);
  gtk_menu_button_popdown (button);
  cw_entry_emit_changed (self->entry);
}

static void
action_clear_date_clicked_cb (GtkButton     *clear,
                              CwEntryEditor *self)
{
  GtkMenuButton *button = g_object_get_data (G_OBJECT (clear), "cw-button");
  CwEntryAction *action = action_for_widget (self, GTK_WIDGET (button));

  if (action == NULL || !is_draft (self))
    return;

  g_date_clear (&action->by_when, 1);
  update_action_date_button (button, action);
  gtk_menu_button_popdown (button);
  cw_entry_emit_changed (self->entry);
}

static void rebuild_actions (CwEntryEditor *self);

static void
action_remove_clicked_cb (GtkButton     *button,
                          CwEntryEditor *self)
{
  int index = row_index_of (GTK_WIDGET (button));

  if (index < 0 || !is_draft (self))
    return;

  cw_entry_remove_action (self->entry, (guint) index);
  rebuild_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->actions_list));
}

static GtkWidget *
build_action_row (CwEntryEditor *self,
                  guint          index,
                  CwEntryAction *action)
{
  GtkWidget *row, *box, *number, *what, *who, *date_button, *popover, *popover_box;
  GtkWidget *calendar, *clear, *remove;
  g_autofree char *number_text = g_strdup_printf ("%u.", index + 1);
  g_autofree char *what_name = g_strdup_printf (_("What will be done (action %u)"), index + 1);
  g_autofree char *who_name = g_strdup_printf (_("Who will do it (action %u)"), index + 1);
  g_autofree char *when_name = g_strdup_printf (_("By when (action %u)"), index + 1);
  g_autofree char *remove_name = g_strdup_printf (_("Remove action %u"), index + 1);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 8);

  number = gtk_label_new (number_text);
  gtk_widget_add_css_class (number, "dim-label");
  gtk_widget_add_css_class (number, "numeric");
  gtk_box_append (GTK_BOX (box), number);

  what = gtk_entry_new ();
  gtk_widget_set_name (what, "action_what_entry");
  gtk_widget_set_hexpand (what, TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (what), _("What will be done"));
  gtk_editable_set_text (GTK_EDITABLE (what), action->what);
  gtk_accessible_update_property (GTK_ACCESSIBLE (what), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  what_name, -1);
  g_signal_connect (what, "changed", G_CALLBACK (action_text_changed_cb), self);
  gtk_box_append (GTK_BOX (box), what);

  who = gtk_entry_new ();
  gtk_widget_set_name (who, "action_who_entry");
  gtk_editable_set_width_chars (GTK_EDITABLE (who), 16);
  gtk_entry_set_placeholder_text (GTK_ENTRY (who), _("Who will do it"));
  gtk_editable_set_text (GTK_EDITABLE (who), action->who);
  gtk_accessible_update_property (GTK_ACCESSIBLE (who), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  who_name, -1);
  g_object_set_data (G_OBJECT (who), "cw-action-who", GINT_TO_POINTER (1));
  g_signal_connect (who, "changed", G_CALLBACK (action_text_changed_cb), self);
  gtk_box_append (GTK_BOX (box), who);

  date_button = gtk_menu_button_new ();
  gtk_widget_set_name (date_button, "action_date_button");
  gtk_accessible_update_property (GTK_ACCESSIBLE (date_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  when_name, -1);
  calendar = gtk_calendar_new ();
  g_object_set_data (G_OBJECT (calendar), "cw-button", date_button);
  if (g_date_valid (&action->by_when))
    {
      g_autoptr(GDateTime) dt = g_date_time_new_local (g_date_get_year (&action->by_when),
                                                       g_date_get_month (&action->by_when),
                                                       g_date_get_day (&action->by_when),
                                                       12, 0, 0);
      if (dt != NULL)
        gtk_calendar_select_day (GTK_CALENDAR (calendar), dt);
    }
  g_signal_connect (calendar, "day-selected", G_CALLBACK (action_day_selected_cb), self);
  clear = gtk_button_new_with_mnemonic (_("_No Date"));
  g_object_set_data (G_OBJECT (clear), "cw-button", date_button);
  g_signal_connect (clear, "clicked", G_CALLBACK (action_clear_date_clicked_cb), self);
  popover_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (popover_box), calendar);
  gtk_box_append (GTK_BOX (popover_box), clear);
  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), popover_box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (date_button), popover);
  update_action_date_button (GTK_MENU_BUTTON (date_button), action);
  gtk_box_append (GTK_BOX (box), date_button);

  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_name (remove, "action_remove_button");
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove Action"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_name, -1);
  g_signal_connect (remove, "clicked", G_CALLBACK (action_remove_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), remove);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  return row;
}

static void
remove_all_rows (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
rebuild_actions (CwEntryEditor *self)
{
  GPtrArray *actions = cw_entry_get_actions (self->entry);
  gboolean was_loading = self->loading;

  self->loading = TRUE;
  remove_all_rows (self->actions_list);
  for (guint i = 0; i < actions->len; i++)
    gtk_list_box_append (self->actions_list,
                         build_action_row (self, i, g_ptr_array_index (actions, i)));
  self->loading = was_loading;

  gtk_widget_set_visible (GTK_WIDGET (self->actions_list), actions->len > 0);
}

/* Helpers: body marks ----------------------------------------------------- */

static CwBodyMark *
mark_for_widget (CwEntryEditor *self,
                 GtkWidget     *widget)
{
  GPtrArray *marks = cw_entry_get_body_marks (self->entry);
  int index = row_index_of (widget);

  if (index < 0 || (guint) index >= marks->len)
    return NULL;

  return g_ptr_array_index (marks, index);
}

static void
mark_text_changed_cb (GtkEditable   *editable,
                      CwEntryEditor *self)
{
  CwBodyMark *mark;
  const char *which;
  char **slot;

  if (self->loading || !is_draft (self))
    return;

  mark = mark_for_widget (self, GTK_WIDGET (editable));
  if (mark == NULL)
    return;

  which = g_object_get_data (G_OBJECT (editable), "cw-mark-field");
  if (g_strcmp0 (which, "size") == 0)
    slot = &mark->size;
  else if (g_strcmp0 (which, "description") == 0)
    slot = &mark->description;
  else
    slot = &mark->site;

  if (g_strcmp0 (*slot, gtk_editable_get_text (editable)) == 0)
    return;

  g_free (*slot);
  *slot = g_strdup (gtk_editable_get_text (editable));
  cw_entry_emit_changed (self->entry);
}

static void
mark_skin_toggled_cb (GtkCheckButton *check,
                      CwEntryEditor  *self)
{
  CwBodyMark *mark;

  if (self->loading || !is_draft (self))
    return;

  mark = mark_for_widget (self, GTK_WIDGET (check));
  if (mark == NULL || mark->skin_broken == gtk_check_button_get_active (check))
    return;

  mark->skin_broken = gtk_check_button_get_active (check);
  cw_entry_emit_changed (self->entry);
}

/* TRUE when the top of @widget is inside its window. */
static gboolean
widget_in_view (GtkWidget *widget)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (widget));
  graphene_point_t point;

  return root != NULL &&
         gtk_widget_compute_point (widget, root, &GRAPHENE_POINT_INIT (0, 0), &point) &&
         point.y >= 0 && point.y + 120 < gtk_widget_get_height (root);
}

static void
scroll_into_view (GtkWidget *widget)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  graphene_point_t point;

  if (scroller == NULL ||
      !gtk_widget_compute_point (widget, scroller, &GRAPHENE_POINT_INIT (0, 0), &point))
    return;

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + point.y - 24);
}

/* The map's form opens once the map has scrolled into view (a popover
 * pointing outside the window cannot be placed). */
static gboolean
open_mark_form_tick_cb (GtkWidget     *widget,
                        GdkFrameClock *frame_clock,
                        gpointer       user_data)
{
  guint index = GPOINTER_TO_UINT (user_data);
  int *frames = g_object_get_data (G_OBJECT (widget), "cw-frames-waited");

  if (!widget_in_view (widget) && frames != NULL && ++(*frames) < 30)
    return G_SOURCE_CONTINUE;

  if (widget_in_view (widget))
    cw_body_map_edit_mark (CW_BODY_MAP (widget), index);
  g_object_set_data (G_OBJECT (widget), "cw-frames-waited", NULL);
  return G_SOURCE_REMOVE;
}

static void
mark_show_clicked_cb (GtkButton     *button,
                      CwEntryEditor *self)
{
  int index = row_index_of (GTK_WIDGET (button));

  if (index < 0)
    return;

  cw_body_map_set_selected (self->body_map, index);
  if (widget_in_view (GTK_WIDGET (self->body_map)))
    {
      cw_body_map_edit_mark (self->body_map, (guint) index);
      return;
    }

  scroll_into_view (GTK_WIDGET (self->body_map));
  g_object_set_data_full (G_OBJECT (self->body_map), "cw-frames-waited", g_new0 (int, 1),
                          g_free);
  gtk_widget_add_tick_callback (GTK_WIDGET (self->body_map), open_mark_form_tick_cb,
                                GUINT_TO_POINTER (index), NULL);
}

static void
mark_remove_clicked_cb (GtkButton     *button,
                        CwEntryEditor *self)
{
  int index = row_index_of (GTK_WIDGET (button));

  if (index < 0 || !is_draft (self))
    return;

  cw_entry_remove_body_mark (self->entry, (guint) index);
  gtk_widget_grab_focus (GTK_WIDGET (self->add_front_mark_button));
}

static GtkWidget *
mark_entry (CwEntryEditor *self,
            const char    *name,
            const char    *field,
            const char    *placeholder,
            const char    *accessible_label,
            const char    *text)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_name (entry, name);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_editable_set_text (GTK_EDITABLE (entry), text != NULL ? text : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_label, -1);
  g_object_set_data (G_OBJECT (entry), "cw-mark-field", (gpointer) field);
  g_signal_connect (entry, "changed", G_CALLBACK (mark_text_changed_cb), self);

  return entry;
}

/* An entry with a small caption above it. */
static GtkWidget *
captioned (const char *caption,
           GtkWidget  *entry)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *label = gtk_label_new (caption);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), entry);

  return box;
}

static GtkWidget *
build_mark_row (CwEntryEditor    *self,
                guint             index,
                const CwBodyMark *mark)
{
  GtkWidget *row, *box, *top, *bottom, *number, *site, *size, *description;
  GtkWidget *site_box, *description_box, *skin, *show, *remove;
  g_autofree char *number_text = g_strdup_printf ("%u", index + 1);
  g_autofree char *site_name = g_strdup_printf (_("Site of mark %u"), index + 1);
  g_autofree char *size_name = g_strdup_printf (_("Size of mark %u"), index + 1);
  g_autofree char *description_name =
    g_strdup_printf (_("Colour and description of mark %u"), index + 1);
  g_autofree char *show_name = g_strdup_printf (_("Show mark %u on the map"), index + 1);
  g_autofree char *remove_name = g_strdup_printf (_("Remove mark %u"), index + 1);

  number = gtk_label_new (number_text);
  gtk_widget_add_css_class (number, "cw-mark-number");
  gtk_widget_set_valign (number, GTK_ALIGN_END);
  gtk_widget_set_margin_bottom (number, 5);
  gtk_accessible_update_property (GTK_ACCESSIBLE (number), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  site_name, -1);

  site = mark_entry (self, "mark_list_site_entry", "site",
                     _("For example left forearm"), site_name, mark->site);
  site_box = captioned (mark->side == CW_BODY_BACK ? _("Site, on the back")
                                                   : _("Site, on the front"), site);
  gtk_widget_set_hexpand (site_box, TRUE);

  show = gtk_button_new_from_icon_name ("find-location-symbolic");
  gtk_widget_add_css_class (show, "flat");
  gtk_widget_set_valign (show, GTK_ALIGN_END);
  gtk_widget_set_tooltip_text (show, _("Show on the Map"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (show), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  show_name, -1);
  g_signal_connect (show, "clicked", G_CALLBACK (mark_show_clicked_cb), self);

  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_name (remove, "mark_list_remove_button");
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_valign (remove, GTK_ALIGN_END);
  gtk_widget_set_tooltip_text (remove, _("Remove Mark"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_name, -1);
  g_signal_connect (remove, "clicked", G_CALLBACK (mark_remove_clicked_cb), self);

  top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  gtk_box_append (GTK_BOX (top), number);
  gtk_box_append (GTK_BOX (top), site_box);
  gtk_box_append (GTK_BOX (top), show);
  gtk_box_append (GTK_BOX (top), remove);

  size = mark_entry (self, "mark_list_size_entry", "size", _("For example 3 cm × 1 cm"),
                     size_name, mark->size);
  gtk_editable_set_width_chars (GTK_EDITABLE (size), 18);
  description = mark_entry (self, "mark_list_description_entry", "description",
                            _("Colour, shape, what it looks like"), description_name,
                            mark->description);
  description_box = captioned (_("Colour and description"), description);
  gtk_widget_set_hexpand (description_box, TRUE);
  skin = gtk_check_button_new_with_label (_("Skin broken"));
  gtk_widget_set_name (skin, "mark_list_skin_check");
  gtk_widget_set_valign (skin, GTK_ALIGN_END);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (skin), mark->skin_broken);
  g_signal_connect (skin, "toggled", G_CALLBACK (mark_skin_toggled_cb), self);

  bottom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  /* Under the site, past the number. */
  gtk_widget_set_margin_start (bottom, 34);
  gtk_box_append (GTK_BOX (bottom), captioned (_("Size"), size));
  gtk_box_append (GTK_BOX (bottom), description_box);
  gtk_box_append (GTK_BOX (bottom), skin);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 8);
  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), bottom);

  row = gtk_list_box_row_new ();
  gtk_widget_set_name (row, "mark_row");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  return row;
}

static void
rebuild_marks (CwEntryEditor *self)
{
  GPtrArray *marks = cw_entry_get_body_marks (self->entry);
  gboolean was_loading = self->loading;

  self->loading = TRUE;
  remove_all_rows (self->marks_list);
  for (guint i = 0; i < marks->len; i++)
    gtk_list_box_append (self->marks_list,
                         build_mark_row (self, i, g_ptr_array_index (marks, i)));
  self->n_mark_rows = marks->len;
  self->loading = was_loading;

  gtk_widget_set_visible (GTK_WIDGET (self->marks_list), marks->len > 0);
}

/* The list follows what the map's form changed, without rebuilding rows
 * (which would take the keyboard focus away). */
static void
sync_marks (CwEntryEditor *self)
{
  GPtrArray *marks = cw_entry_get_body_marks (self->entry);
  gboolean was_loading = self->loading;

  if (marks->len != self->n_mark_rows)
    {
      rebuild_marks (self);
      return;
    }

  self->loading = TRUE;
  for (guint i = 0; i < marks->len; i++)
    {
      const CwBodyMark *mark = g_ptr_array_index (marks, i);
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->marks_list, (int) i);
      GtkWidget *root = GTK_WIDGET (row);
      GtkWidget *skin = find_named (root, "mark_list_skin_check");

      set_editable_text (GTK_EDITABLE (find_named (root, "mark_list_site_entry")), mark->site);
      set_editable_text (GTK_EDITABLE (find_named (root, "mark_list_size_entry")), mark->size);
      set_editable_text (GTK_EDITABLE (find_named (root, "mark_list_description_entry")),
                         mark->description);
      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (skin)) != mark->skin_broken)
        gtk_check_button_set_active (GTK_CHECK_BUTTON (skin), mark->skin_broken);
    }
  self->loading = was_loading;
}

/* Helpers: the form ------------------------------------------------------- */

static void
load_form (CwEntryEditor *self)
{
  CwEntry *entry = self->entry;
  CwAnswer answers[N_ANSWERS];
  CwOutcomes outcomes = cw_entry_get_outcomes (entry);
  int hour = cw_entry_get_event_hour (entry);
  int minute = cw_entry_get_event_minute (entry);

  self->loading = TRUE;

  adw_combo_row_set_selected (self->kind_row, cw_entry_get_kind (entry));
  adw_combo_row_set_selected (self->precision_row, cw_entry_get_event_precision (entry));
  update_date_widgets (self);
  if (hour >= 0 && minute >= 0)
    {
      g_autofree char *time_text = g_strdup_printf ("%02d:%02d", hour, minute);

      set_editable_text (GTK_EDITABLE (self->time_row), time_text);
    }
  else
    {
      set_editable_text (GTK_EDITABLE (self->time_row), "");
    }

  for (guint i = 0; i < CW_ENTRY_FIELD_LAST; i++)
    {
      GtkWidget *widget = field_widget (self, i);

      if (widget == NULL)
        continue;
      if (GTK_IS_TEXT_VIEW (widget))
        cw_form_set_text_view_text (GTK_TEXT_VIEW (widget), cw_entry_get_text (entry, i));
      else
        set_editable_text (GTK_EDITABLE (widget), cw_entry_get_text (entry, i));
    }

  answers[ANSWER_SEEN] = cw_entry_get_child_seen (entry);
  answers[ANSWER_SEEN_ALONE] = cw_entry_get_child_seen_alone (entry);
  answers[ANSWER_SPOKEN_TO] = cw_entry_get_child_spoken_to (entry);
  for (guint q = 0; q < N_ANSWERS; q++)
    for (guint a = 0; a < G_N_ELEMENTS (answer_order); a++)
      gtk_toggle_button_set_active (self->answer_buttons[q][a], answers[q] == answer_order[a]);

  for (guint i = 0; i < N_OUTCOMES; i++)
    gtk_check_button_set_active (self->outcome_checks[i], (outcomes & outcome_flags[i]) != 0);

  gtk_switch_set_active (self->significant_switch, cw_entry_get_significant (entry));
  gtk_switch_set_active (self->restricted_switch, cw_entry_get_restricted (entry));

  gtk_widget_set_visible (self->correction_section, cw_entry_get_version (entry) > 1);

  rebuild_actions (self);
  rebuild_marks (self);
  cw_body_map_set_entry (self->body_map, entry);
  update_not_seen_reason (self);
  update_child_label (self);

  self->loading = FALSE;
}

/* The first field the repository will refuse, so that it can be focused
 * beside the sentence that says why (the same checks in the same order as
 * cw_entry_repository_finish()). */
static GtkWidget *
find_problem_widget (CwEntryEditor *self)
{
  CwEntry *entry = self->entry;
  GPtrArray *actions = cw_entry_get_actions (entry);
  GPtrArray *marks = cw_entry_get_body_marks (entry);
  const char *summary = cw_entry_get_text (entry, CW_ENTRY_FIELD_SUMMARY);
  const GDate *date = cw_entry_get_event_date (entry);
  GDate now;

  for (guint i = 0; i < CW_ENTRY_FIELD_LAST; i++)
    {
      const char *text = cw_entry_get_text (entry, i);

      if (!g_utf8_validate (text, -1, NULL) ||
          g_utf8_strlen (text, -1) > CW_ENTRY_TEXT_MAX_CHARS)
        return field_widget (self, i);
    }

  if (cw_form_is_blank (summary) || strpbrk (summary, "\r\n") != NULL ||
      g_utf8_strlen (summary, -1) > CW_ENTRY_SUMMARY_MAX_CHARS)
    return GTK_WIDGET (self->summary_row);

  today (&now);
  if (!g_date_valid (date) || g_date_compare (date, &now) > 0 ||
      g_date_get_year (date) < 1900)
    return GTK_WIDGET (self->date_button);

  if (cw_entry_get_event_precision (entry) == CW_EVENT_EXACT &&
      cw_entry_get_event_hour (entry) < 0)
    return GTK_WIDGET (self->time_row);

  for (guint i = 0; i < actions->len; i++)
    {
      const CwEntryAction *action = g_ptr_array_index (actions, i);
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->actions_list, (int) i);

      if (cw_form_is_blank (action->what) && row != NULL)
        return find_named (GTK_WIDGET (row), "action_what_entry");
    }

  for (guint i = 0; i < marks->len; i++)
    {
      const CwBodyMark *mark = g_ptr_array_index (marks, i);
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->marks_list, (int) i);

      if (cw_form_is_blank (mark->site) && row != NULL)
        return find_named (GTK_WIDGET (row), "mark_list_site_entry");
    }

  if (cw_entry_get_version (entry) > 1 &&
      cw_form_is_blank (cw_entry_get_text (entry, CW_ENTRY_FIELD_AMEND_REASON)))
    return field_widget (self, CW_ENTRY_FIELD_AMEND_REASON);

  return NULL;
}

/* Helpers: the read-only note --------------------------------------------- */

static GtkWidget *
read_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static GtkWidget *
read_section (const char *title)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 14);
  GtkWidget *heading = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "title-4");
  gtk_box_append (GTK_BOX (box), heading);

  return box;
}

/* Adds "title / value" to @section unless @value is empty. */
static gboolean
read_field (GtkWidget  *section,
            const char *title,
            const char *value,
            const char *value_class)
{
  GtkWidget *box, *title_label, *value_label;

  if (cw_form_is_blank (value))
    return FALSE;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  title_label = read_label (title, "caption-heading");
  gtk_widget_add_css_class (title_label, "dim-label");
  gtk_label_set_selectable (GTK_LABEL (title_label), FALSE);
  value_label = read_label (value, value_class);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value_label),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, title_label, NULL, -1);
  gtk_box_append (GTK_BOX (box), title_label);
  gtk_box_append (GTK_BOX (box), value_label);
  gtk_box_append (GTK_BOX (section), box);

  return TRUE;
}

static gboolean
read_text_field (GtkWidget    *section,
                 CwEntry      *entry,
                 CwEntryField  field,
                 const char   *value_class)
{
  return read_field (section, cw_entry_field_get_title (field), cw_entry_get_text (entry, field),
                     value_class);
}

static const char *
answer_text (CwAnswer answer)
{
  switch (answer)
    {
    case CW_ANSWER_YES:
      return _("Yes");
    case CW_ANSWER_NO:
      return _("No");
    case CW_ANSWER_UNSET:
    default:
      return NULL;
    }
}

static void
append_section (CwEntryEditor *self,
                GtkWidget     *section,
                gboolean       has_content)
{
  if (has_content)
    {
      gtk_box_append (self->read_box, section);
      return;
    }

  g_object_ref_sink (section);
  g_object_unref (section);
}

/* Adds @card to @section when it holds something, else drops it. */
static gboolean
append_card (GtkWidget *section,
             GtkWidget *card,
             gboolean   has_content)
{
  if (has_content)
    {
      gtk_box_append (GTK_BOX (section), card);
      return TRUE;
    }

  g_object_ref_sink (card);
  g_object_unref (card);
  return FALSE;
}

static GtkWidget *
pill (const char *text,
      const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "cw-pill");
  gtk_widget_add_css_class (label, "caption-heading");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
evidence_card (const char *tag,
               const char *css_class)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *tag_label = gtk_label_new (tag);

  gtk_widget_add_css_class (card, "cw-evidence-card");
  gtk_widget_add_css_class (card, css_class);
  gtk_label_set_xalign (GTK_LABEL (tag_label), 0);
  gtk_widget_add_css_class (tag_label, "caption-heading");
  gtk_widget_add_css_class (tag_label, "cw-evidence-tag");
  gtk_box_append (GTK_BOX (card), tag_label);

  return card;
}

/* One mark in the read-only list: its number as on the map, the site and
 * side, then size, description and whether the skin is broken. */
static GtkWidget *
read_mark_widget (const CwBodyMark *mark,
                  guint             index)
{
  GtkWidget *box, *number, *text, *site_label, *details_label;
  g_autofree char *number_text = g_strdup_printf ("%u", index + 1);
  g_autofree char *site = NULL;
  g_autofree char *accessible = NULL;
  g_autoptr(GString) details = g_string_new (NULL);

  /* TRANSLATORS: a body-map mark's site and the side of the body, "left forearm (Front)" */
  site = g_strdup_printf (_("%s (%s)"),
                          cw_form_is_blank (mark->site) ? _("Site not given") : mark->site,
                          cw_body_side_get_title (mark->side));

  if (!cw_form_is_blank (mark->size))
    g_string_append (details, mark->size);
  if (!cw_form_is_blank (mark->description))
    {
      if (details->len > 0)
        g_string_append (details, " — ");
      g_string_append (details, mark->description);
    }
  if (details->len > 0)
    g_string_append (details, " — ");
  g_string_append (details, mark->skin_broken ? _("skin broken") : _("skin not broken"));

  number = gtk_label_new (number_text);
  gtk_widget_add_css_class (number, "cw-mark-number");
  gtk_widget_set_valign (number, GTK_ALIGN_START);

  site_label = read_label (site, "heading");
  gtk_widget_set_name (site_label, "read_mark_label");
  details_label = read_label (details->str, NULL);

  text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), site_label);
  gtk_box_append (GTK_BOX (text), details_label);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  gtk_box_append (GTK_BOX (box), number);
  gtk_box_append (GTK_BOX (box), text);

  /* TRANSLATORS: read out for a body-map mark: "Mark 1: left forearm (Front), 3 cm …" */
  accessible = g_strdup_printf (_("Mark %u: %s, %s"), index + 1, site, details->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (number), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);

  return box;
}

/* Helpers: the professional judgement ------------------------------------- */

/* The answers of a test, in the order of their buttons. */
static const CwJudgementAnswer judgement_answer_order[] = {
  CW_JUDGEMENT_ANSWER_YES, CW_JUDGEMENT_ANSWER_NO, CW_JUDGEMENT_ANSWER_UNSURE,
};

/* "24/11/2026" → a day; "" → no day. FALSE for a day that does not exist. */
static gboolean
parse_day (const char *text,
           GDate      *out)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_auto(GStrv) parts = NULL;
  guint64 d, m, y;

  g_date_clear (out, 1);
  if (*trimmed == '\0')
    return TRUE;

  parts = g_strsplit_set (trimmed, "/.-", -1);
  if (g_strv_length (parts) != 3 || strlen (parts[2]) != 4 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 1, 31, &d, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, 12, &m, NULL) ||
      !g_ascii_string_to_unsigned (parts[2], 10, 1900, 9999, &y, NULL) ||
      !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;

  g_date_set_dmy (out, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

static char *
format_dmy (const GDate *date)
{
  if (date == NULL || !g_date_valid (date))
    return g_strdup ("");

  return g_strdup_printf ("%02u/%02u/%04u", g_date_get_day (date), g_date_get_month (date),
                          g_date_get_year (date));
}

static void judgement_buffer_changed_cb (GtkTextBuffer *buffer, CwEntryEditor *self);
static void judgement_row_changed_cb (GtkEditable *editable, CwEntryEditor *self);
static void judgement_answer_toggled_cb (GtkToggleButton *button, CwEntryEditor *self);
static void judgement_date_changed_cb (GtkEditable *editable, CwEntryEditor *self);
static void action_status_selected_cb (CwEntryEditor *self);
static void referral_selected_cb (CwEntryEditor *self);

/* A framed multi-line box; @test is -1, or the test it explains. */
static GtkWidget *
judgement_text_view (CwEntryEditor *self,
                     const char    *name,
                     GtkWidget     *title,
                     int            field,
                     int            test)
{
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *view = gtk_text_view_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));

  gtk_widget_set_name (view, name);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 10);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 10);
  gtk_widget_set_size_request (view, -1, test >= 0 ? 56 : 72);
  if (GTK_IS_LABEL (title))
    gtk_label_set_mnemonic_widget (GTK_LABEL (title), view);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (view),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, title, NULL, -1);

  g_object_set_data (G_OBJECT (buffer), "cw-judgement-field", GINT_TO_POINTER (field + 1));
  g_object_set_data (G_OBJECT (buffer), "cw-judgement-test", GINT_TO_POINTER (test + 1));
  g_signal_connect (buffer, "changed", G_CALLBACK (judgement_buffer_changed_cb), self);

  gtk_widget_add_css_class (frame, "cw-text-field");
  gtk_frame_set_child (GTK_FRAME (frame), view);

  return frame;
}

/* A row of the group holding a title, a hint and a multi-line box. */
static GtkWidget *
judgement_text_row (CwEntryEditor    *self,
                    CwJudgementField  field,
                    const char       *title_text,
                    const char       *hint_text)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new_with_mnemonic (title_text);
  g_autofree char *name = g_strdup_printf ("judgement_%s_view",
                                           cw_judgement_field_get_column (field));
  GtkWidget *frame;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title_text);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (box), title);
  if (hint_text != NULL)
    {
      GtkWidget *hint = gtk_label_new (hint_text);

      gtk_label_set_xalign (GTK_LABEL (hint), 0);
      gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
      gtk_widget_add_css_class (hint, "dim-label");
      gtk_widget_add_css_class (hint, "caption");
      gtk_box_append (GTK_BOX (box), hint);
    }
  frame = judgement_text_view (self, name, title, field, -1);
  gtk_box_append (GTK_BOX (box), frame);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  self->judgement_widgets[field] = gtk_frame_get_child (GTK_FRAME (frame));
  return row;
}

static GtkWidget *
judgement_entry_row (CwEntryEditor    *self,
                     CwJudgementField  field,
                     const char       *title)
{
  GtkWidget *row = adw_entry_row_new ();
  g_autofree char *name = g_strdup_printf ("judgement_%s_row",
                                           cw_judgement_field_get_column (field));

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  g_object_set_data (G_OBJECT (row), "cw-judgement-field", GINT_TO_POINTER (field + 1));
  g_signal_connect (row, "changed", G_CALLBACK (judgement_row_changed_cb), self);
  self->judgement_widgets[field] = row;

  return row;
}

/* A date typed as DD/MM/YYYY; @which is 0 (discussed on) or 1 (referral). */
static GtkWidget *
judgement_date_row (CwEntryEditor *self,
                    guint          which,
                    const char    *name,
                    const char    *title)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *entry = gtk_entry_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_name (entry, name);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 12);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("DD/MM/YYYY"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Day, month and year, for example 24/11/2026"), -1);
  g_object_set_data (G_OBJECT (entry), "cw-judgement-date", GUINT_TO_POINTER (which + 1));
  g_signal_connect (entry, "changed", G_CALLBACK (judgement_date_changed_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), entry);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), entry);

  self->date_rows[which] = ADW_ACTION_ROW (row);
  self->date_entries[which] = GTK_ENTRY (entry);
  return row;
}

/* One of the four tests: its question, yes / no / unsure, an explanation. */
static GtkWidget *
judgement_test_row (CwEntryEditor   *self,
                    CwJudgementTest  test)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *title = gtk_label_new (cw_judgement_test_get_question (test));
  GtkWidget *group = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *caption = gtk_label_new (_("Explain why"));
  GtkToggleButton *first = NULL;
  g_autofree char *view_name = g_strdup_printf ("judgement_%s_explanation_view",
                                                cw_judgement_test_get_id (test));
  g_autofree char *explain = g_strdup_printf (_("%s: explanation"),
                                              cw_judgement_test_get_title (test));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cw_judgement_test_get_title (test));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (top), title);

  gtk_widget_add_css_class (group, "linked");
  gtk_widget_set_valign (group, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (group), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  cw_judgement_test_get_question (test), -1);
  for (guint a = 0; a < G_N_ELEMENTS (judgement_answer_order); a++)
    {
      CwJudgementAnswer answer = judgement_answer_order[a];
      const char *label = cw_judgement_answer_get_title (answer);
      GtkWidget *button = gtk_toggle_button_new_with_label (label);
      g_autofree char *name = g_strdup_printf ("judgement_%s_%s", cw_judgement_test_get_id (test),
                                               cw_judgement_answer_get_id (answer));
      /* TRANSLATORS: read out for an answer button, "Was it safe? Unsure" */
      g_autofree char *accessible = g_strdup_printf (_("%s %s"),
                                                     cw_judgement_test_get_question (test),
                                                     cw_judgement_answer_get_title (answer));

      gtk_widget_set_name (button, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      accessible, -1);
      if (first != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), first);
      else
        first = GTK_TOGGLE_BUTTON (button);
      g_object_set_data (G_OBJECT (button), "cw-judgement-test", GINT_TO_POINTER (test));
      g_object_set_data (G_OBJECT (button), "cw-judgement-answer", GINT_TO_POINTER (answer));
      g_signal_connect (button, "toggled", G_CALLBACK (judgement_answer_toggled_cb), self);
      gtk_box_append (GTK_BOX (group), button);
      self->test_buttons[test][a] = GTK_TOGGLE_BUTTON (button);
    }
  gtk_box_append (GTK_BOX (top), group);
  gtk_box_append (GTK_BOX (box), top);

  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_widget_add_css_class (caption, "caption");
  gtk_accessible_update_property (GTK_ACCESSIBLE (caption), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  explain, -1);
  gtk_box_append (GTK_BOX (box), caption);
  {
    GtkWidget *frame = judgement_text_view (self, view_name, caption, -1, (int) test);

    self->test_views[test] = GTK_TEXT_VIEW (gtk_frame_get_child (GTK_FRAME (frame)));
    gtk_box_append (GTK_BOX (box), frame);
  }

  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  return row;
}

static void
build_judgement_rows (CwEntryEditor *self)
{
  AdwPreferencesGroup *group = self->judgement_group;
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) agencies = gtk_string_list_new (NULL);

  adw_preferences_group_add (group,
                             judgement_text_row (self, CW_JUDGEMENT_FIELD_CIRCUMSTANCES,
                                                 _("_Circumstances"),
                                                 _("What was happening that called for your "
                                                   "own judgement.")));

  gtk_string_list_append (statuses, _("Not said yet"));
  gtk_string_list_append (statuses,
                          cw_judgement_action_status_get_title (CW_JUDGEMENT_ACTION_TAKEN));
  gtk_string_list_append (statuses,
                          cw_judgement_action_status_get_title (CW_JUDGEMENT_ACTION_PROPOSED));
  self->action_status_row = ADW_COMBO_ROW (adw_combo_row_new ());
  gtk_widget_set_name (GTK_WIDGET (self->action_status_row), "judgement_action_status_row");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->action_status_row),
                                 _("Was the action taken or only proposed?"));
  adw_combo_row_set_model (self->action_status_row, G_LIST_MODEL (statuses));
  g_signal_connect_swapped (self->action_status_row, "notify::selected",
                            G_CALLBACK (action_status_selected_cb), self);
  adw_preferences_group_add (group, GTK_WIDGET (self->action_status_row));
  adw_preferences_group_add (group,
                             judgement_text_row (self, CW_JUDGEMENT_FIELD_ACTION,
                                                 _("The _action"),
                                                 _("What you did, or propose to do.")));
  adw_preferences_group_add (group,
                             judgement_text_row (self, CW_JUDGEMENT_FIELD_REASONS,
                                                 _("_Reasons"),
                                                 _("Why you judged this to be right.")));

  for (guint t = 0; t < CW_JUDGEMENT_TEST_LAST; t++)
    adw_preferences_group_add (group, judgement_test_row (self, t));

  adw_preferences_group_add (group,
                             judgement_entry_row (self, CW_JUDGEMENT_FIELD_DISCUSSED_WITH,
                                                  _("Discussed with (name and role)")));
  adw_preferences_group_add (group, judgement_date_row (self, 0, "judgement_discussed_on_entry",
                                                        _("Discussed on")));
  adw_preferences_group_add (group,
                             judgement_text_row (self, CW_JUDGEMENT_FIELD_DISAGREEMENT,
                                                 _("Areas of _disagreement"),
                                                 _("Where anyone you discussed it with saw it "
                                                   "differently. Leave empty if none.")));

  for (guint i = 0; i < CW_REFERRAL_LAST; i++)
    gtk_string_list_append (agencies, cw_referral_agency_get_title (i));
  self->referral_row = ADW_COMBO_ROW (adw_combo_row_new ());
  gtk_widget_set_name (GTK_WIDGET (self->referral_row), "judgement_referral_row");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->referral_row),
                                 _("Referred to another agency"));
  adw_combo_row_set_model (self->referral_row, G_LIST_MODEL (agencies));
  g_signal_connect_swapped (self->referral_row, "notify::selected",
                            G_CALLBACK (referral_selected_cb), self);
  adw_preferences_group_add (group, GTK_WIDGET (self->referral_row));
  adw_preferences_group_add (group,
                             judgement_entry_row (self, CW_JUDGEMENT_FIELD_REFERRAL_AGENCY_NAME,
                                                  _("Name of the agency")));
  adw_preferences_group_add (group, judgement_date_row (self, 1, "judgement_referral_date_entry",
                                                        _("Date of the referral")));
  adw_preferences_group_add (group,
                             judgement_entry_row (self, CW_JUDGEMENT_FIELD_REFERRAL_REFERENCE,
                                                  _("Referral reference")));
}

static void
update_judgement_visibility (CwEntryEditor *self)
{
  CwReferralAgency agency = self->judgement != NULL ?
                            cw_judgement_get_referral_agency (self->judgement) :
                            CW_REFERRAL_NONE;

  gtk_widget_set_visible (GTK_WIDGET (self->judgement_group), has_judgement (self));
  gtk_widget_set_visible (self->judgement_widgets[CW_JUDGEMENT_FIELD_REFERRAL_AGENCY_NAME],
                          agency == CW_REFERRAL_OTHER);
  gtk_widget_set_visible (GTK_WIDGET (self->date_rows[1]), agency != CW_REFERRAL_NONE);
  gtk_widget_set_visible (self->judgement_widgets[CW_JUDGEMENT_FIELD_REFERRAL_REFERENCE],
                          agency != CW_REFERRAL_NONE);
}

/* Shows whether a typed date exists. */
static void
show_date_problem (CwEntryEditor *self,
                   guint          which,
                   gboolean       problem)
{
  adw_action_row_set_subtitle (self->date_rows[which],
                               problem ? _("There is no such date. Write the day, month and "
                                           "year, for example 24/11/2026.") : "");
  if (problem)
    gtk_widget_add_css_class (GTK_WIDGET (self->date_entries[which]), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->date_entries[which]), "error");
}

static void
fill_judgement_form (CwEntryEditor *self)
{
  CwJudgement *judgement = self->judgement;
  gboolean was_loading = self->loading;
  const GDate *dates[2];

  if (judgement == NULL)
    return;

  self->loading = TRUE;
  for (guint i = 0; i < CW_JUDGEMENT_FIELD_LAST; i++)
    {
      GtkWidget *widget = self->judgement_widgets[i];

      if (GTK_IS_TEXT_VIEW (widget))
        cw_form_set_text_view_text (GTK_TEXT_VIEW (widget), cw_judgement_get_text (judgement, i));
      else if (widget != NULL)
        set_editable_text (GTK_EDITABLE (widget), cw_judgement_get_text (judgement, i));
    }
  adw_combo_row_set_selected (self->action_status_row,
                              cw_judgement_get_action_status (judgement));
  adw_combo_row_set_selected (self->referral_row, cw_judgement_get_referral_agency (judgement));
  for (guint t = 0; t < CW_JUDGEMENT_TEST_LAST; t++)
    {
      CwJudgementAnswer answer = cw_judgement_get_answer (judgement, t);

      for (guint a = 0; a < G_N_ELEMENTS (judgement_answer_order); a++)
        gtk_toggle_button_set_active (self->test_buttons[t][a],
                                      answer == judgement_answer_order[a]);
      cw_form_set_text_view_text (self->test_views[t],
                                  cw_judgement_get_explanation (judgement, t));
    }
  dates[0] = cw_judgement_get_discussed_on (judgement);
  dates[1] = cw_judgement_get_referral_date (judgement);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *text = format_dmy (dates[i]);

      set_editable_text (GTK_EDITABLE (self->date_entries[i]), text);
      show_date_problem (self, i, FALSE);
    }
  self->loading = was_loading;
  update_judgement_visibility (self);
}

static void
judgement_changed_cb (CwEntryEditor *self)
{
  if (self->loading || !is_draft (self))
    return;

  self->dirty = TRUE;
  schedule_save (self);
  update_title (self);
}

static void
set_judgement (CwEntryEditor *self,
               CwJudgement   *judgement)
{
  if (self->judgement != NULL)
    {
      g_clear_signal_handler (&self->judgement_changed_id, self->judgement);
      g_clear_object (&self->judgement);
    }

  if (judgement == NULL)
    return;

  self->judgement = g_object_ref (judgement);
  self->judgement_changed_id = g_signal_connect_swapped (judgement, "changed",
                                                         G_CALLBACK (judgement_changed_cb),
                                                         self);
}

/* The judgement part stored for the note's version; for a new draft an
 * empty one, for a correction what the version before said. */
static void
load_judgement (CwEntryEditor *self)
{
  g_autoptr(CwJudgement) judgement = NULL;
  g_autoptr(GError) error = NULL;
  gint64 version_id = cw_entry_get_version_id (self->entry);

  set_judgement (self, NULL);
  if (!session_usable (self))
    return;

  if (version_id > 0)
    judgement = cw_sign_off_repository_load_judgement (self->sign_offs, version_id, &error);
  if (judgement == NULL && error != NULL &&
      !g_error_matches (error, CW_JUDGEMENT_ERROR, CW_JUDGEMENT_ERROR_NOT_FOUND))
    g_debug ("Could not read the judgement part: %s", error->message);

  if (judgement == NULL && !cw_entry_get_finished (self->entry) &&
      cw_entry_get_version (self->entry) > 1)
    {
      g_autoptr(CwEntry) before = cw_entry_repository_load (self->entries,
                                                            cw_entry_get_id (self->entry),
                                                            cw_entry_get_version (self->entry) - 1,
                                                            NULL);
      g_autoptr(CwJudgement) previous = NULL;

      if (before != NULL)
        previous = cw_sign_off_repository_load_judgement (self->sign_offs,
                                                          cw_entry_get_version_id (before), NULL);
      if (previous != NULL)
        {
          judgement = cw_judgement_copy (previous);
          cw_judgement_set_version_id (judgement, 0);
        }
    }

  if (judgement == NULL && !cw_entry_get_finished (self->entry))
    judgement = cw_judgement_new ();

  set_judgement (self, judgement);
}

/* The first judgement part cw_judgement_validate() will refuse, in its
 * order, so that it can be focused beside the sentence that says why. */
static GtkWidget *
find_judgement_problem_widget (CwEntryEditor *self)
{
  CwJudgement *judgement = self->judgement;
  static const CwJudgementField first[] = {
    CW_JUDGEMENT_FIELD_CIRCUMSTANCES, CW_JUDGEMENT_FIELD_ACTION,
  };

  for (guint i = 0; i < G_N_ELEMENTS (first); i++)
    if (cw_form_is_blank (cw_judgement_get_text (judgement, first[i])))
      return self->judgement_widgets[first[i]];
  if (cw_judgement_get_action_status (judgement) == CW_JUDGEMENT_ACTION_UNSET)
    return GTK_WIDGET (self->action_status_row);
  if (cw_form_is_blank (cw_judgement_get_text (judgement, CW_JUDGEMENT_FIELD_REASONS)))
    return self->judgement_widgets[CW_JUDGEMENT_FIELD_REASONS];
  for (guint t = 0; t < CW_JUDGEMENT_TEST_LAST; t++)
    {
      if (cw_judgement_get_answer (judgement, t) == CW_JUDGEMENT_ANSWER_UNSET)
        return GTK_WIDGET (self->test_buttons[t][0]);
      if (cw_form_is_blank (cw_judgement_get_explanation (judgement, t)))
        return GTK_WIDGET (self->test_views[t]);
    }
  if (cw_form_is_blank (cw_judgement_get_text (judgement, CW_JUDGEMENT_FIELD_DISCUSSED_WITH)))
    return self->judgement_widgets[CW_JUDGEMENT_FIELD_DISCUSSED_WITH];
  if (!g_date_valid (cw_judgement_get_discussed_on (judgement)))
    return GTK_WIDGET (self->date_entries[0]);

  return GTK_WIDGET (self->judgement_group);
}

/* The judgement part in the read-only note, with where its sign-off stands. */
static gboolean
read_judgement (CwEntryEditor *self,
                GtkWidget     *section)
{
  CwJudgement *judgement = self->judgement;
  g_autofree char *state = NULL;
  gboolean any = FALSE;

  if (session_usable (self))
    state = cw_sign_off_state_for_entry (cw_session_get_database (self->session),
                                         cw_entry_get_id (self->entry), NULL, NULL);
  if (state != NULL && *state != '\0')
    {
      g_autofree char *first = g_utf8_strup (state, g_utf8_next_char (state) - state);
      g_autofree char *sentence = g_strconcat (first, g_utf8_next_char (state), NULL);
      GtkWidget *label = read_label (sentence, "heading");

      gtk_widget_set_name (label, "read_sign_off_label");
      gtk_box_append (GTK_BOX (section), label);
      any = TRUE;
    }

  if (judgement == NULL)
    return any;

  any |= read_field (section, _("Circumstances"),
                     cw_judgement_get_text (judgement, CW_JUDGEMENT_FIELD_CIRCUMSTANCES), NULL);
  {
    CwJudgementActionStatus status = cw_judgement_get_action_status (judgement);
    const char *action = cw_judgement_get_text (judgement, CW_JUDGEMENT_FIELD_ACTION);
    g_autofree char *text = status != CW_JUDGEMENT_ACTION_UNSET ?
      /* TRANSLATORS: whether an action was taken or proposed, and what it was */
      g_strdup_printf (_("%s: %s"), cw_judgement_action_status_get_title (status), action) :
      g_strdup (action);

    any |= read_field (section, _("Action"), text, NULL);
  }
  any |= read_field (section, _("Reasons"),
                     cw_judgement_get_text (judgement, CW_JUDGEMENT_FIELD_REASONS), NULL);
  for (guint t = 0; t < CW_JUDGEMENT_TEST_LAST; t++)
    {
      CwJudgementAnswer answer = cw_judgement_get_answer (judgement, t);
      const char *explanation = cw_judgement_get_explanation (judgement, t);
      g_autofree char *text = NULL;

      if (answer == CW_JUDGEMENT_ANSWER_UNSET)
        text = g_strdup (explanation);
      else if (cw_form_is_blank (explanation))
        text = g_strdup (cw_judgement_answer_get_title (answer));
      else
        /* TRANSLATORS: a test's answer and its explanation, "Yes — it was the only …" */
        text = g_strdup_printf (_("%s — %s"), cw_judgement_answer_get_title (answer),
                                explanation);
      any |= read_field (section, cw_judgement_test_get_title (t), text, NULL);
    }
  {
    const char *who = cw_judgement_get_text (judgement, CW_JUDGEMENT_FIELD_DISCUSSED_WITH);
    const GDate *on = cw_judgement_get_discussed_on (judgement);
    g_autofree char *day = g_date_valid (on) ? cw_event_format (on, -1, -1, CW_EVENT_DAY) : NULL;
    g_autofree char *text = day != NULL ?
      /* TRANSLATORS: with whom a judgement was discussed, and when */
      g_strdup_printf (_("%s, on %s"), who, day) : g_strdup (who);

    any |= read_field (section, _("Discussed with"), text, NULL);
  }
  any |= read_field (section, _("Areas of disagreement"),
                     cw_judgement_get_text (judgement, CW_JUDGEMENT_FIELD_DISAGREEMENT), NULL);
  if (cw_judgement_get_referral_agency (judgement) != CW_REFERRAL_NONE)
    {
      CwReferralAgency agency = cw_judgement_get_referral_agency (judgement);
      const GDate *on = cw_judgement_get_referral_date (judgement);
      const char *reference = cw_judgement_get_text (judgement,
                                                     CW_JUDGEMENT_FIELD_REFERRAL_REFERENCE);
      g_autoptr(GString) text = g_string_new (agency == CW_REFERRAL_OTHER ?
        cw_judgement_get_text (judgement, CW_JUDGEMENT_FIELD_REFERRAL_AGENCY_NAME) :
        cw_referral_agency_get_title (agency));

      if (g_date_valid (on))
        {
          g_autofree char *day = cw_event_format (on, -1, -1, CW_EVENT_DAY);

          /* TRANSLATORS: when a referral was made */
          g_string_append_printf (text, _(", on %s"), day);
        }
      if (!cw_form_is_blank (reference))
        /* TRANSLATORS: a referral's reference */
        g_string_append_printf (text, _(", reference %s"), reference);
      any |= read_field (section, _("Referred to"), text->str, NULL);
    }

  return any;
}

/* Callbacks: the professional judgement */

static void
judgement_buffer_changed_cb (GtkTextBuffer *buffer,
                             CwEntryEditor *self)
{
  int field = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (buffer), "cw-judgement-field")) - 1;
  int test = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (buffer), "cw-judgement-test")) - 1;
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  if (self->loading || !is_draft (self) || self->judgement == NULL)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (test >= 0)
    cw_judgement_set_explanation (self->judgement, test, text);
  else if (field >= 0)
    cw_judgement_set_text (self->judgement, field, text);
}

static void
judgement_row_changed_cb (GtkEditable   *editable,
                          CwEntryEditor *self)
{
  int field = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (editable),
                                                  "cw-judgement-field")) - 1;

  if (self->loading || !is_draft (self) || self->judgement == NULL || field < 0)
    return;

  cw_judgement_set_text (self->judgement, field, gtk_editable_get_text (editable));
}

static void
judgement_answer_toggled_cb (GtkToggleButton *button,
                             CwEntryEditor   *self)
{
  int test = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "cw-judgement-test"));
  CwJudgementAnswer answer =
    GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "cw-judgement-answer"));

  if (self->loading || !is_draft (self) || self->judgement == NULL ||
      !gtk_toggle_button_get_active (button))
    return;

  cw_judgement_set_answer (self->judgement, test, answer);
}

static void
judgement_date_changed_cb (GtkEditable   *editable,
                           CwEntryEditor *self)
{
  guint which = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (editable),
                                                     "cw-judgement-date")) - 1;
  const char *text = gtk_editable_get_text (editable);
  gboolean valid;
  GDate date;

  if (self->loading || !is_draft (self) || self->judgement == NULL || which > 1)
    return;

  valid = parse_day (text, &date);
  /* Half-typed dates ("24/11/20") are not called wrong yet. */
  show_date_problem (self, which, !valid && strlen (text) >= 10);
  if (which == 0)
    cw_judgement_set_discussed_on (self->judgement, &date);
  else
    cw_judgement_set_referral_date (self->judgement, &date);
}

static void
action_status_selected_cb (CwEntryEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->action_status_row);

  if (self->loading || !is_draft (self) || self->judgement == NULL ||
      selected > CW_JUDGEMENT_ACTION_PROPOSED)
    return;

  cw_judgement_set_action_status (self->judgement, selected);
}

static void
referral_selected_cb (CwEntryEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->referral_row);

  if (self->loading || !is_draft (self) || self->judgement == NULL ||
      selected >= CW_REFERRAL_LAST)
    return;

  cw_judgement_set_referral_agency (self->judgement, selected);
  update_judgement_visibility (self);
}

static void
build_read_view (CwEntryEditor *self)
{
  CwEntry *entry = self->entry;
  GtkWidget *child, *header, *section, *card, *line, *pills;
  GPtrArray *actions = cw_entry_get_actions (entry);
  GPtrArray *marks = cw_entry_get_body_marks (entry);
  g_autofree char *event = NULL;
  g_autofree char *kind_line = NULL;
  g_autofree char *described = cw_entry_describe_version (entry);
  g_autofree char *version_line = NULL;
  CwOutcomes outcomes = cw_entry_get_outcomes (entry);
  gboolean any, card_any;
  int version = cw_entry_get_version (entry);

  self->read_body_map = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->read_box))) != NULL)
    gtk_box_remove (self->read_box, child);

  /* The note's heading. */
  header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_add_css_class (header, "card");
  event = cw_event_format (cw_entry_get_event_date (entry), cw_entry_get_event_hour (entry),
                           cw_entry_get_event_minute (entry),
                           cw_entry_get_event_precision (entry));
  /* TRANSLATORS: the kind of note and when it happened, "Home visit · 14 Mar 2026, 15:20" */
  kind_line = g_strdup_printf (_("%s · %s"),
                               cw_entry_kind_get_title (cw_entry_get_kind (entry)), event);
  line = read_label (kind_line, "caption-heading");
  gtk_widget_add_css_class (line, "dim-label");
  gtk_widget_set_margin_top (line, 18);
  gtk_widget_set_margin_start (line, 18);
  gtk_widget_set_margin_end (line, 18);
  gtk_box_append (GTK_BOX (header), line);

  line = read_label (cw_entry_get_text (entry, CW_ENTRY_FIELD_SUMMARY), "title-2");
  gtk_widget_set_name (line, "read_summary_label");
  gtk_widget_set_margin_start (line, 18);
  gtk_widget_set_margin_end (line, 18);
  gtk_box_append (GTK_BOX (header), line);

  line = read_label (described, NULL);
  gtk_widget_set_name (line, "read_author_label");
  gtk_widget_set_margin_start (line, 18);
  gtk_widget_set_margin_end (line, 18);
  gtk_box_append (GTK_BOX (header), line);

  if (version > 1)
    /* TRANSLATORS: a corrected note's version and the reason for the correction */
    version_line = g_strdup_printf (_("Version %d, a correction: %s"), version,
                                    cw_entry_get_text (entry, CW_ENTRY_FIELD_AMEND_REASON));
  else
    version_line = g_strdup_printf (_("Version %d"), version);
  line = read_label (version_line, "dim-label");
  gtk_widget_set_name (line, "read_version_label");
  gtk_widget_set_margin_start (line, 18);
  gtk_widget_set_margin_end (line, 18);
  gtk_box_append (GTK_BOX (header), line);

  pills = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_set_margin_start (pills, 18);
  gtk_widget_set_margin_end (pills, 18);
  gtk_widget_set_margin_bottom (pills, 18);
  if (cw_entry_get_significant (entry))
    gtk_box_append (GTK_BOX (pills), pill (_("Significant event"), "cw-significant"));
  if (cw_entry_get_restricted (entry))
    gtk_box_append (GTK_BOX (pills),
                    pill (_("Restricted: only DSLs and the author see this note"),
                          "cw-restricted"));
  if (gtk_widget_get_first_child (pills) == NULL)
    {
      gtk_widget_set_margin_bottom (GTK_WIDGET (gtk_widget_get_last_child (header)), 18);
      g_object_ref_sink (pills);
      g_object_unref (pills);
    }
  else
    {
      gtk_box_append (GTK_BOX (header), pills);
    }
  gtk_box_append (self->read_box, header);

  if (self->child_name != NULL && gtk_widget_get_visible (GTK_WIDGET (self->child_label)) &&
      *gtk_label_get_text (self->child_label) != '\0')
    {
      line = read_label (gtk_label_get_text (self->child_label), "dim-label");
      gtk_box_append (self->read_box, line);
    }

  /* What happened. */
  section = read_section (_("What Happened"));
  any = read_text_field (section, entry, CW_ENTRY_FIELD_PRESENT, NULL);
  any |= read_text_field (section, entry, CW_ENTRY_FIELD_LOCATION, NULL);
  append_section (self, section, any);

  /* The child. */
  section = read_section (_("The Child"));
  {
    GtkWidget *answers = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);

    gtk_box_set_homogeneous (GTK_BOX (answers), TRUE);
    any = read_field (answers, _("Child seen"), answer_text (cw_entry_get_child_seen (entry)),
                      NULL);
    any |= read_field (answers, _("Child seen alone"),
                       answer_text (cw_entry_get_child_seen_alone (entry)), NULL);
    any |= read_field (answers, _("Child spoken to"),
                       answer_text (cw_entry_get_child_spoken_to (entry)), NULL);
    append_card (section, answers, any);
  }
  any |= read_text_field (section, entry, CW_ENTRY_FIELD_CHILD_NOT_SEEN_REASON, NULL);
  any |= read_text_field (section, entry, CW_ENTRY_FIELD_CHILD_WORDS, "cw-child-words-quote");
  any |= read_text_field (section, entry, CW_ENTRY_FIELD_WISHES_FEELINGS, NULL);
  append_section (self, section, any);

  /* Facts and opinion, apart. */
  section = read_section (_("Facts and Opinion"));
  any = FALSE;
  card = evidence_card (_("Fact: seen or heard by the author"), "cw-fact");
  card_any = read_text_field (card, entry, CW_ENTRY_FIELD_OBSERVED_FACTS, NULL);
  any |= append_card (section, card, card_any);

  card = evidence_card (_("Reported: told to the author by someone else"), "cw-reported");
  card_any = read_text_field (card, entry, CW_ENTRY_FIELD_REPORTED_FACTS, NULL);
  card_any |= read_text_field (card, entry, CW_ENTRY_FIELD_REPORTED_SOURCE_NAME, NULL);
  card_any |= read_text_field (card, entry, CW_ENTRY_FIELD_REPORTED_SOURCE_ROLE, NULL);
  any |= append_card (section, card, card_any);

  card = evidence_card (_("Opinion: the author’s professional view"), "cw-opinion");
  card_any = read_text_field (card, entry, CW_ENTRY_FIELD_OPINION, NULL);
  card_any |= read_text_field (card, entry, CW_ENTRY_FIELD_OPINION_EVIDENCE, NULL);
  any |= append_card (section, card, card_any);
  append_section (self, section, any);

  section = read_section (_("Strengths, Difficulties and Risks"));
  any = read_text_field (section, entry, CW_ENTRY_FIELD_STRENGTHS, NULL);
  any |= read_text_field (section, entry, CW_ENTRY_FIELD_DIFFICULTIES_RISKS, NULL);
  append_section (self, section, any);

  section = read_section (_("Decision and Reasons"));
  any = read_text_field (section, entry, CW_ENTRY_FIELD_DECISION, NULL);
  any |= read_text_field (section, entry, CW_ENTRY_FIELD_DECISION_REASONS, NULL);
  append_section (self, section, any);

  if (cw_entry_kind_has_judgement (cw_entry_get_kind (entry)))
    {
      section = read_section (_("Professional Judgement"));
      gtk_widget_set_name (section, "read_judgement_section");
      any = read_judgement (self, section);
      append_section (self, section, any);
    }

  /* Actions: what, who, by when. */
  section = read_section (_("Actions"));
  any = FALSE;
  for (guint i = 0; i < actions->len; i++)
    {
      const CwEntryAction *action = g_ptr_array_index (actions, i);
      g_autoptr(GString) text = g_string_new (NULL);

      g_string_printf (text, "%u. %s", i + 1, action->what);
      if (!cw_form_is_blank (action->who))
        /* TRANSLATORS: who will do an action */
        g_string_append_printf (text, _(" — %s"), action->who);
      if (g_date_valid (&action->by_when))
        {
          g_autofree char *day = cw_event_format (&action->by_when, -1, -1, CW_EVENT_DAY);

          /* TRANSLATORS: when an action is due */
          g_string_append_printf (text, _(" — by %s"), day);
        }
      gtk_box_append (GTK_BOX (section), read_label (text->str, NULL));
      any = TRUE;
    }
  append_section (self, section, any);

  section = read_section (_("Impact on the Child"));
  any = read_text_field (section, entry, CW_ENTRY_FIELD_IMPACT, NULL);
  append_section (self, section, any);

  section = read_section (_("Outcomes for the Child"));
  {
    g_autoptr(GString) text = g_string_new (NULL);

    for (guint i = 0; i < N_OUTCOMES; i++)
      if (outcomes & outcome_flags[i])
        {
          if (text->len > 0)
            g_string_append (text, ", ");
          g_string_append (text, cw_outcome_get_title (outcome_flags[i]));
        }
    any = text->len > 0;
    if (any)
      gtk_box_append (GTK_BOX (section), read_label (text->str, NULL));
  }
  append_section (self, section, any);

  /* The body map, read-only, with its marks listed beside it. */
  if (marks->len > 0)
    {
      GtkWidget *map_box, *map_card, *list;

      section = read_section (_("Body Map"));
      map_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
      map_card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      gtk_widget_add_css_class (map_card, "card");
      self->read_body_map = CW_BODY_MAP (cw_body_map_new ());
      gtk_widget_set_name (GTK_WIDGET (self->read_body_map), "read_body_map");
      gtk_widget_set_size_request (GTK_WIDGET (self->read_body_map), 340, 370);
      gtk_widget_set_margin_top (GTK_WIDGET (self->read_body_map), 12);
      gtk_widget_set_margin_bottom (GTK_WIDGET (self->read_body_map), 6);
      cw_body_map_set_entry (self->read_body_map, entry);
      gtk_box_append (GTK_BOX (map_card), GTK_WIDGET (self->read_body_map));
      gtk_box_append (GTK_BOX (map_box), map_card);

      list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 14);
      gtk_widget_set_hexpand (list, TRUE);
      gtk_widget_set_margin_top (list, 6);
      gtk_widget_set_name (list, "read_marks_list");
      for (guint i = 0; i < marks->len; i++)
        gtk_box_append (GTK_BOX (list), read_mark_widget (g_ptr_array_index (marks, i), i));
      gtk_box_append (GTK_BOX (map_box), list);
      gtk_box_append (GTK_BOX (section), map_box);
      append_section (self, section, TRUE);
    }
}

/* Helpers: modes ---------------------------------------------------------- */

static void
ensure_first_finished_at (CwEntryEditor *self)
{
  g_autoptr(CwEntry) first = NULL;
  g_autoptr(GError) error = NULL;

  if (self->first_finished_at != NULL || self->entry == NULL || !session_usable (self))
    return;

  if (cw_entry_get_version (self->entry) <= 1)
    {
      if (cw_entry_get_finished_at (self->entry) != NULL)
        self->first_finished_at = g_date_time_ref (cw_entry_get_finished_at (self->entry));
      return;
    }

  first = cw_entry_repository_load (self->entries, cw_entry_get_id (self->entry), 1, &error);
  if (first == NULL)
    {
      g_debug ("Could not read the first version: %s", error->message);
      return;
    }

  if (cw_entry_get_finished_at (first) != NULL)
    self->first_finished_at = g_date_time_ref (cw_entry_get_finished_at (first));
}

static void
show_mode (CwEntryEditor *self,
           Mode           mode)
{
  self->mode = mode;

  switch (mode)
    {
    case MODE_EDIT:
      load_form (self);
      fill_judgement_form (self);
      update_judgement_visibility (self);
      gtk_stack_set_visible_child_name (self->mode_stack, "edit");
      /* A new note starts at its summary. */
      if (cw_form_is_blank (cw_entry_get_text (self->entry, CW_ENTRY_FIELD_SUMMARY)))
        gtk_widget_grab_focus (GTK_WIDGET (self->summary_row));
      break;
    case MODE_READ:
      cw_body_map_set_entry (self->body_map, NULL);
      update_child_label (self);
      build_read_view (self);
      gtk_stack_set_visible_child_name (self->mode_stack, "read");
      break;
    case MODE_REMOVED:
    default:
      cw_body_map_set_entry (self->body_map, NULL);
      gtk_stack_set_visible_child_name (self->mode_stack, "removed");
      gtk_toggle_button_set_active (self->principles_button, FALSE);
      break;
    }

  update_title (self);
  update_actions (self);
  if (mode != MODE_REMOVED)
    update_principles (self);
}

static void
set_entry (CwEntryEditor *self,
           CwEntry       *entry)
{
  if (self->entry != NULL)
    {
      g_clear_signal_handler (&self->entry_changed_id, self->entry);
      g_clear_object (&self->entry);
    }

  g_clear_handle_id (&self->save_timeout_id, g_source_remove);
  self->dirty = FALSE;
  self->dirty_since = 0;
  g_clear_pointer (&self->saved_at, g_date_time_unref);
  g_clear_pointer (&self->save_error, g_free);

  self->entry = g_object_ref (entry);
  self->entry_changed_id = g_signal_connect_swapped (entry, "changed",
                                                     G_CALLBACK (entry_changed_cb), self);

  ensure_first_finished_at (self);
  load_judgement (self);
  show_mode (self, cw_entry_get_finished (entry) ? MODE_READ : MODE_EDIT);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTRY]);
}

/* Helpers: dialogs -------------------------------------------------------- */

typedef void (*ReasonFunc) (CwEntryEditor *self,
                            const char    *reason);

typedef struct
{
  CwEntryEditor *self;
  GtkEditable   *entry;
  ReasonFunc     func;
} ReasonDialog;

static void
reason_dialog_free (gpointer data)
{
  ReasonDialog *dialog = data;

  g_object_unref (dialog->self);
  g_free (dialog);
}

static void
reason_changed_cb (GtkEditable     *editable,
                   AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "confirm",
                                           !cw_form_is_blank (gtk_editable_get_text (editable)));
}

static void
reason_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  ReasonDialog *data = g_object_get_data (G_OBJECT (dialog), "cw-reason-dialog");
  g_autofree char *reason = NULL;

  if (data == NULL || g_strcmp0 (response, "confirm") != 0)
    return;

  reason = g_strstrip (g_strdup (gtk_editable_get_text (data->entry)));
  if (*reason == '\0')
    return;

  data->func (data->self, reason);
}

/* Asks for a reason (required) and passes it to @func. */
static void
ask_reason (CwEntryEditor *self,
            const char    *heading,
            const char    *body,
            const char    *placeholder,
            const char    *confirm_label,
            gboolean       destructive,
            ReasonFunc     func)
{
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  ReasonDialog *data;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  gtk_widget_set_name (GTK_WIDGET (dialog), "reason_dialog");
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "confirm", confirm_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "confirm",
                                              destructive ? ADW_RESPONSE_DESTRUCTIVE
                                                          : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "confirm", FALSE);
  adw_message_dialog_set_default_response (dialog, "confirm");
  adw_message_dialog_set_close_response (dialog, "cancel");

  entry = gtk_entry_new ();
  gtk_widget_set_name (entry, "reason_entry");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason"), -1);
  g_signal_connect (entry, "changed", G_CALLBACK (reason_changed_cb), dialog);
  adw_message_dialog_set_extra_child (dialog, entry);

  data = g_new0 (ReasonDialog, 1);
  data->self = g_object_ref (self);
  data->entry = GTK_EDITABLE (entry);
  data->func = func;
  g_object_set_data_full (G_OBJECT (dialog), "cw-reason-dialog", data, reason_dialog_free);
  g_signal_connect (dialog, "response", G_CALLBACK (reason_response_cb), NULL);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* Correction ---------------------------------------------------------------- */

static void
start_correction (CwEntryEditor *self,
                  const char    *reason)
{
  g_autoptr(CwEntry) draft = NULL;
  g_autoptr(GError) error = NULL;

  if (!session_usable (self) || self->mode != MODE_READ)
    return;

  ensure_first_finished_at (self);
  draft = cw_entry_repository_start_amendment (self->entries, cw_entry_get_id (self->entry),
                                               reason, &error);
  if (draft == NULL)
    {
      show_message (self, error->message);
      return;
    }

  show_message (self, NULL);
  set_entry (self, draft);
  g_signal_emit (self, signals[CHANGED_STATE], 0);
  gtk_widget_grab_focus (field_widget (self, CW_ENTRY_FIELD_SUMMARY));
}

/* Removal ----------------------------------------------------------------- */

static void
request_removal (CwEntryEditor *self,
                 const char    *reason)
{
  g_autoptr(GError) error = NULL;

  if (!session_usable (self) || self->mode != MODE_READ)
    return;

  if (!cw_entry_repository_request_removal (self->entries, cw_entry_get_id (self->entry),
                                            reason, &error))
    {
      show_message (self, error->message);
      return;
    }

  show_message (self, NULL);
  self->removal_pending = TRUE;
  self->removal_requested_by_me = TRUE;
  g_free (self->removal_reason);
  self->removal_reason = g_strdup (reason);
  update_actions (self);
  g_signal_emit (self, signals[CHANGED_STATE], 0);
}

static void
decline_removal (CwEntryEditor *self,
                 const char    *reason)
{
  g_autoptr(GError) error = NULL;

  if (!session_usable (self) || self->mode != MODE_READ)
    return;

  if (!cw_entry_repository_decline_removal (self->entries, cw_entry_get_id (self->entry),
                                            reason, &error))
    {
      show_message (self, error->message);
      return;
    }

  show_message (self, NULL);
  self->removal_pending = FALSE;
  self->removal_requested_by_me = FALSE;
  g_clear_pointer (&self->removal_reason, g_free);
  update_actions (self);
  g_signal_emit (self, signals[CHANGED_STATE], 0);
}

typedef struct
{
  CwEntryEditor *self;
  char          *reason;
} ConfirmRemoval;

static void
confirm_removal_free (ConfirmRemoval *data)
{
  g_object_unref (data->self);
  g_free (data->reason);
  g_free (data);
}

static void
removal_password_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ConfirmRemoval *data = user_data;
  CwEntryEditor *self = data->self;
  g_autoptr(GError) error = NULL;
  char *password;

  password = cw_password_dialog_confirm_finish (result, &error);
  if (password == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, error->message);
      confirm_removal_free (data);
      return;
    }

  if (!session_usable (self) || self->mode != MODE_READ)
    {
      cw_secure_wipe_string (password);
      confirm_removal_free (data);
      return;
    }

  if (!cw_entry_repository_confirm_removal (self->entries, cw_entry_get_id (self->entry),
                                            data->reason, password, &error))
    {
      cw_secure_wipe_string (password);
      show_message (self, error->message);
      confirm_removal_free (data);
      return;
    }

  cw_secure_wipe_string (password);
  show_message (self, NULL);
  self->removal_pending = FALSE;
  show_mode (self, MODE_REMOVED);
  g_signal_emit (self, signals[CHANGED_STATE], 0);
  confirm_removal_free (data);
}

static void
confirm_removal (CwEntryEditor *self,
                 const char    *reason)
{
  ConfirmRemoval *data;

  if (!session_usable (self) || self->mode != MODE_READ)
    return;

  data = g_new0 (ConfirmRemoval, 1);
  data->self = g_object_ref (self);
  data->reason = g_strdup (reason);

  cw_password_dialog_confirm_async (self->session, GTK_WIDGET (self),
                                    _("Confirm the Removal"),
                                    _("Type your password to confirm that this note is "
                                      "removed from the child’s record."),
                                    _("_Remove Note"), self->cancellable,
                                    removal_password_cb, data);
}

/* Callbacks: the form --------------------------------------------------------- */

static void
entry_changed_cb (CwEntryEditor *self)
{
  if (self->loading || !is_draft (self))
    return;

  self->dirty = TRUE;
  schedule_save (self);
  schedule_check (self);
  update_title (self);
  update_not_seen_reason (self);
  sync_marks (self);
}

static void
text_buffer_changed_cb (GtkTextBuffer *buffer,
                        CwEntryEditor *self)
{
  int field = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (buffer), "cw-field")) - 1;
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  if (self->loading || !is_draft (self) || field < 0)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  cw_entry_set_text (self->entry, field, text);
}

static void
entry_row_changed_cb (GtkEditable   *editable,
                      CwEntryEditor *self)
{
  int field = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (editable), "cw-field")) - 1;

  if (self->loading || !is_draft (self) || field < 0)
    return;

  cw_entry_set_text (self->entry, field, gtk_editable_get_text (editable));
}

static void
kind_selected_cb (CwEntryEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->kind_row);

  if (self->loading || !is_draft (self) || selected >= CW_ENTRY_KIND_LAST)
    return;

  cw_entry_set_kind (self->entry, selected);
  update_title (self);
  update_judgement_visibility (self);
}

static void
precision_selected_cb (CwEntryEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->precision_row);

  if (self->loading || !is_draft (self) || selected > CW_EVENT_APPROXIMATE)
    return;

  cw_entry_set_event_precision (self->entry, selected);
  update_date_widgets (self);
}

static void
date_calendar_day_selected_cb (CwEntryEditor *self)
{
  g_autoptr(GDateTime) dt = gtk_calendar_get_date (self->date_calendar);
  GDate date;

  if (self->loading || !is_draft (self))
    return;

  date_from_date_time (dt, &date);
  cw_entry_set_event_date (self->entry, &date);
  update_date_widgets (self);
  update_child_label (self);
  gtk_popover_popdown (self->date_popover);
}

static void
time_changed_cb (CwEntryEditor *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->time_row));
  int hour = -1, minute = -1;
  gboolean valid;
  gboolean finished_typing;

  if (self->loading || !is_draft (self))
    return;

  valid = cw_form_parse_time (text, &hour, &minute, NULL);
  /* Half-typed times ("14:0") are not called wrong yet. */
  finished_typing = strlen (text) >= 5 ||
                    (strchr (text, ':') != NULL && strlen (strchr (text, ':') + 1) >= 2);
  gtk_widget_set_visible (GTK_WIDGET (self->time_problem_label),
                          !valid && *text != '\0' && finished_typing);
  if (!valid && *text != '\0' && finished_typing)
    gtk_widget_add_css_class (GTK_WIDGET (self->time_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->time_row), "error");

  cw_entry_set_event_time (self->entry, valid ? hour : -1, valid ? minute : -1);
}

static void
answer_toggled_cb (GtkToggleButton *button,
                   CwEntryEditor   *self)
{
  int question = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "cw-question"));
  CwAnswer answer = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "cw-answer"));

  if (self->loading || !is_draft (self) || !gtk_toggle_button_get_active (button))
    return;

  switch (question)
    {
    case ANSWER_SEEN:
      cw_entry_set_child_seen (self->entry, answer);
      break;
    case ANSWER_SEEN_ALONE:
      cw_entry_set_child_seen_alone (self->entry, answer);
      break;
    case ANSWER_SPOKEN_TO:
    default:
      cw_entry_set_child_spoken_to (self->entry, answer);
      break;
    }
}

static void
outcome_toggled_cb (CwEntryEditor *self)
{
  CwOutcomes outcomes = CW_OUTCOME_NONE;

  if (self->loading || !is_draft (self))
    return;

  for (guint i = 0; i < N_OUTCOMES; i++)
    if (gtk_check_button_get_active (self->outcome_checks[i]))
      outcomes |= outcome_flags[i];

  cw_entry_set_outcomes (self->entry, outcomes);
}

static void
significant_changed_cb (CwEntryEditor *self)
{
  if (self->loading || !is_draft (self))
    return;

  cw_entry_set_significant (self->entry, gtk_switch_get_active (self->significant_switch));
}

static void
restricted_changed_cb (CwEntryEditor *self)
{
  if (self->loading || !is_draft (self))
    return;

  cw_entry_set_restricted (self->entry, gtk_switch_get_active (self->restricted_switch));
}

static void
add_action_button_clicked_cb (CwEntryEditor *self)
{
  GPtrArray *actions;
  GtkListBoxRow *row;

  if (!is_draft (self))
    return;

  cw_entry_add_action (self->entry, cw_entry_action_new ("", "", NULL));
  rebuild_actions (self);

  actions = cw_entry_get_actions (self->entry);
  row = gtk_list_box_get_row_at_index (self->actions_list, (int) actions->len - 1);
  if (row != NULL)
    gtk_widget_grab_focus (find_named (GTK_WIDGET (row), "action_what_entry"));
}

/* The keyboard route to a mark: one in the middle of the side, its site to
 * be typed in the list. */
static void
add_mark_from_keyboard (CwEntryEditor *self,
                        CwBodySide     side)
{
  GPtrArray *marks;
  GtkListBoxRow *row;

  if (!is_draft (self))
    return;

  cw_entry_add_body_mark (self->entry, cw_body_mark_new (side, 0.5, 0.45));
  marks = cw_entry_get_body_marks (self->entry);
  cw_body_map_set_selected (self->body_map, (int) marks->len - 1);

  row = gtk_list_box_get_row_at_index (self->marks_list, (int) marks->len - 1);
  if (row != NULL)
    gtk_widget_grab_focus (find_named (GTK_WIDGET (row), "mark_list_site_entry"));
}

static void
add_front_mark_button_clicked_cb (CwEntryEditor *self)
{
  add_mark_from_keyboard (self, CW_BODY_FRONT);
}

static void
add_back_mark_button_clicked_cb (CwEntryEditor *self)
{
  add_mark_from_keyboard (self, CW_BODY_BACK);
}

static void
message_close_button_clicked_cb (CwEntryEditor *self)
{
  show_message (self, NULL);
}

static void
session_locked_cb (CwEntryEditor *self)
{
  /* Whoever locks closes this window first (and so saves); if the lock
   * came some other way, no content may stay on screen. */
  if (self->session != NULL && cw_session_is_locked (self->session))
    gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
deselect_label_cb (gpointer user_data)
{
  GtkLabel *label = user_data;

  if (gtk_widget_has_focus (GTK_WIDGET (label)))
    gtk_label_select_region (label, 0, 0);

  return G_SOURCE_REMOVE;
}

/* A selectable label that gets the focus (the window's first focus, or
 * Tab) selects all its text just after; the text stays unselected instead. */
static void
focus_widget_changed_cb (GtkWindow *window)
{
  GtkWidget *focus = gtk_window_get_focus (window);

  if (GTK_IS_LABEL (focus) && gtk_label_get_selectable (GTK_LABEL (focus)))
    g_idle_add_full (G_PRIORITY_HIGH_IDLE, deselect_label_cb, g_object_ref (focus),
                     g_object_unref);
}

/* Callbacks: window actions --------------------------------------------------- */

static void
save_now_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CwEntryEditor *self = CW_ENTRY_EDITOR (widget);

  if (!is_draft (self))
    return;

  /* "Save now" saves even without a change, so that its time shows. */
  self->dirty = TRUE;
  save_and_show (self);
}

static void
do_finish (CwEntryEditor *self)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *problem;
  gint64 entry_id;

  if (!is_draft (self) || !session_usable (self))
    return;

  g_clear_handle_id (&self->save_timeout_id, g_source_remove);

  if (has_judgement (self) ?
      !cw_sign_off_repository_finish_judgement (self->sign_offs, self->entry, self->judgement,
                                                &error) :
      !cw_entry_repository_finish (self->entries, self->entry, &error))
    {
      show_message (self, error->message);
      if (g_error_matches (error, CW_JUDGEMENT_ERROR, CW_JUDGEMENT_ERROR_INVALID))
        problem = find_judgement_problem_widget (self);
      else
        problem = g_error_matches (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_INVALID) ?
                  find_problem_widget (self) : NULL;
      if (problem != NULL)
        {
          gtk_widget_grab_focus (problem);
          scroll_into_view (problem);
        }
      update_principles (self);
      /* What was typed stays, and is saved as a draft again. */
      self->dirty = TRUE;
      schedule_save (self);
      update_title (self);
      return;
    }

  self->dirty = FALSE;
  self->dirty_since = 0;
  g_clear_pointer (&self->save_error, g_free);
  show_message (self, NULL);
  ensure_first_finished_at (self);
  show_mode (self, MODE_READ);

  entry_id = cw_entry_get_id (self->entry);
  g_signal_emit (self, signals[FINISHED], 0, entry_id);
}

static void
finish_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    CwEntryEditor    *self)
{
  if (g_strcmp0 (response, "finish") == 0)
    do_finish (self);
}

static void
finish_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CwEntryEditor *self = CW_ENTRY_EDITOR (widget);
  g_autoptr(CwEntry) judged = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  guint missed;

  if (!is_draft (self))
    return;

  judged = entry_to_check (self);
  checks = cw_principles_check (judged, &self->rules, NULL);
  missed = cw_principles_count_missed (checks);

  if (missed > 0)
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "A finished note cannot be changed: mistakes are put "
                                         "right with a correction, which keeps this version. "
                                         "%u recording principle is still to look at.",
                                         "A finished note cannot be changed: mistakes are put "
                                         "right with a correction, which keeps this version. "
                                         "%u recording principles are still to look at.",
                                         missed), missed);
  else
    body = g_strdup (_("A finished note cannot be changed: mistakes are put right with a "
                       "correction, which keeps this version."));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       cw_entry_get_version (self->entry) > 1 ?
                                                       _("Finish This Correction?") :
                                                       _("Finish This Note?"),
                                                       body));
  gtk_widget_set_name (GTK_WIDGET (dialog), "finish_dialog");
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Keep Writing"),
                                    "finish", _("_Finish"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "finish", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "finish");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (finish_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
discard_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     CwEntryEditor    *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwEntry) current = NULL;
  gint64 entry_id;
  gboolean correction;

  if (g_strcmp0 (response, "discard") != 0 || !is_draft (self) || !session_usable (self))
    return;

  g_clear_handle_id (&self->save_timeout_id, g_source_remove);
  entry_id = cw_entry_get_id (self->entry);
  correction = cw_entry_get_version (self->entry) > 1;

  if (!cw_entry_repository_discard_draft (self->entries, self->entry, &error))
    {
      show_message (self, error->message);
      return;
    }

  self->dirty = FALSE;
  g_signal_emit (self, signals[CHANGED_STATE], 0);

  if (!correction)
    {
      self->close_without_saving = TRUE;
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  current = cw_entry_repository_load (self->entries, entry_id, 0, &error);
  if (current == NULL)
    {
      self->close_without_saving = TRUE;
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  set_entry (self, current);
}

static void
discard_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CwEntryEditor *self = CW_ENTRY_EDITOR (widget);
  gboolean correction;
  AdwMessageDialog *dialog;

  if (!is_draft (self))
    return;

  correction = cw_entry_get_version (self->entry) > 1;
  dialog = ADW_MESSAGE_DIALOG (
    adw_message_dialog_new (GTK_WINDOW (self),
                            correction ? _("Discard This Correction?")
                                       : _("Discard This Draft?"),
                            correction ?
                            _("The correction is deleted. The finished note stays as it is.") :
                            _("Everything written in this draft is deleted. This cannot be "
                              "undone.")));
  gtk_widget_set_name (GTK_WIDGET (dialog), "discard_dialog");
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
correct_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CwEntryEditor *self = CW_ENTRY_EDITOR (widget);
  g_autoptr(CwEntry) draft = NULL;

  if (self->mode != MODE_READ || !session_usable (self))
    return;

  /* A correction of mine already being written: carry on with it. */
  draft = cw_entry_repository_load_draft (self->entries, cw_entry_get_id (self->entry), NULL);
  if (draft != NULL && cw_entry_get_version (draft) > 1)
    {
      ensure_first_finished_at (self);
      set_entry (self, draft);
      return;
    }

  ask_reason (self, _("Correct This Note?"),
              _("The finished version stays as it is and can always be read. The correction "
                "is a new version: say why it is needed."),
              _("For example: the date of the visit was wrong"),
              _("_Start Correction"), FALSE, start_correction);
}

static void
history_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CwEntryEditor *self = CW_ENTRY_EDITOR (widget);
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *history;

  if (self->mode != MODE_READ || !session_usable (self))
    return;

  versions = cw_entry_repository_list_versions (self->entries, cw_entry_get_id (self->entry),
                                                &error);
  if (versions == NULL)
    {
      show_message (self, error->message);
      return;
    }

  history = cw_entry_history_new (versions, self->child_name, GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (history));
}

static void
request_removal_action_cb (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  CwEntryEditor *self = CW_ENTRY_EDITOR (widget);

  if (self->mode != MODE_READ)
    return;

  ask_reason (self, _("Ask to Remove This Note?"),
              _("A finished note is removed only when it was entered on the wrong child. A line "
                "manager or the Designated Safeguarding Lead must confirm it. The note and the "
                "reasons stay in the audit trail."),
              _("For example: entered on the wrong child"),
              _("_Ask to Remove"), TRUE, request_removal);
}

static void
confirm_removal_action_cb (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  CwEntryEditor *self = CW_ENTRY_EDITOR (widget);

  if (self->mode != MODE_READ || !self->removal_pending)
    return;

  ask_reason (self, _("Confirm the Removal?"),
              _("The note will no longer appear in the child’s chronology. Its versions and "
                "both reasons stay in the audit trail. Say why you agree that it should go."),
              _("For example: checked, it belongs to another child"),
              _("_Continue"), TRUE, confirm_removal);
}

static void
decline_removal_action_cb (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  CwEntryEditor *self = CW_ENTRY_EDITOR (widget);

  if (self->mode != MODE_READ || !self->removal_pending)
    return;

  if (self->removal_requested_by_me)
    ask_reason (self, _("Withdraw the Request?"),
                _("The note stays in the child’s record. Say why it should stay."),
                _("For example: asked by mistake"),
                _("_Withdraw Request"), FALSE, decline_removal);
  else
    ask_reason (self, _("Decline the Removal?"),
                _("The note stays in the child’s record. Say why it should stay."),
                _("For example: this note does belong to this child"),
                _("_Decline"), FALSE, decline_removal);
}

static void
close_anyway_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          CwEntryEditor    *self)
{
  if (g_strcmp0 (response, "close") != 0)
    return;

  self->close_without_saving = TRUE;
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Overrides ----------------------------------------------------------------- */

static gboolean
cw_entry_editor_close_request (GtkWindow *window)
{
  CwEntryEditor *self = CW_ENTRY_EDITOR (window);
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;

  if (self->close_without_saving || !self->dirty || !session_usable (self))
    return GTK_WINDOW_CLASS (cw_entry_editor_parent_class)->close_request (window);

  if (save_and_show (self))
    return GTK_WINDOW_CLASS (cw_entry_editor_parent_class)->close_request (window);

  /* TRANSLATORS: %s says why the draft could not be saved */
  body = g_strdup_printf (_("%s If you close now, what you typed since the last save is lost."),
                          error != NULL ? error->message :
                          (self->save_error != NULL ? self->save_error : ""));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("The Draft Could Not Be Saved"), body));
  adw_message_dialog_add_responses (dialog,
                                    "keep", _("_Keep Editing"),
                                    "close", _("_Close Without Saving"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "close", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_anyway_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

static void
cw_entry_editor_unmap (GtkWidget *widget)
{
  /* Hidden (closed, or destroyed by a lock before the database closes):
   * what is pending is saved first. */
  flush_quietly (CW_ENTRY_EDITOR (widget));

  GTK_WIDGET_CLASS (cw_entry_editor_parent_class)->unmap (widget);
}

static void
cw_entry_editor_constructed (GObject *object)
{
  CwEntryEditor *self = CW_ENTRY_EDITOR (object);
  g_autoptr(CwChildRepository) children = NULL;
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (cw_entry_editor_parent_class)->constructed (object);

  g_return_if_fail (self->session != NULL && self->entry != NULL);

  self->entries = cw_entry_repository_new (self->session);
  self->sign_offs = cw_sign_off_repository_new (self->session);
  cw_recording_rules_init_from_session (&self->rules, self->session);

  children = cw_child_repository_new (self->session);
  self->child = cw_child_repository_lookup (children, cw_entry_get_child_id (self->entry),
                                            &error);
  if (self->child != NULL)
    {
      self->child_name = cw_child_dup_display_name (self->child);
      self->rules.child_protection_plan =
        g_strcmp0 (cw_child_get_legal_status (self->child),
                   CW_LEGAL_STATUS_CHILD_PROTECTION_PLAN) == 0;
    }
  else
    {
      g_debug ("No child for the note: %s", error->message);
    }

  g_signal_connect_object (self->session, "notify::locked",
                           G_CALLBACK (session_locked_cb), self, G_CONNECT_SWAPPED);

  {
    g_autoptr(CwEntry) entry = g_steal_pointer (&self->entry);

    set_entry (self, entry);
  }

  /* A removal someone asked for earlier waits on this note: show it. */
  if (cw_entry_get_finished (self->entry))
    {
      g_autofree char *reason = NULL;
      gint64 requested_by = 0;

      if (cw_entry_repository_get_removal_request (self->entries,
                                                   cw_entry_get_id (self->entry),
                                                   &requested_by, &reason, NULL))
        cw_entry_editor_set_removal_request (self, requested_by, reason);
    }
}

static void
cw_entry_editor_dispose (GObject *object)
{
  CwEntryEditor *self = CW_ENTRY_EDITOR (object);

  flush_quietly (self);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->save_timeout_id, g_source_remove);
  g_clear_handle_id (&self->check_timeout_id, g_source_remove);

  if (self->entry != NULL)
    {
      g_clear_signal_handler (&self->entry_changed_id, self->entry);
      g_clear_object (&self->entry);
    }
  set_judgement (self, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_ENTRY_EDITOR);

  g_clear_object (&self->entries);
  g_clear_object (&self->sign_offs);
  g_clear_object (&self->child);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (cw_entry_editor_parent_class)->dispose (object);
}

static void
cw_entry_editor_finalize (GObject *object)
{
  CwEntryEditor *self = CW_ENTRY_EDITOR (object);

  cw_recording_rules_clear (&self->rules);
  g_clear_pointer (&self->child_name, g_free);
  g_clear_pointer (&self->first_finished_at, g_date_time_unref);
  g_clear_pointer (&self->saved_at, g_date_time_unref);
  g_clear_pointer (&self->save_error, g_free);
  g_clear_pointer (&self->removal_reason, g_free);

  G_OBJECT_CLASS (cw_entry_editor_parent_class)->finalize (object);
}

static void
cw_entry_editor_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CwEntryEditor *self = CW_ENTRY_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_ENTRY:
      g_value_set_object (value, self->entry);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_entry_editor_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CwEntryEditor *self = CW_ENTRY_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_ENTRY:
      self->entry = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_entry_editor_class_init (CwEntryEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = cw_entry_editor_constructed;
  object_class->dispose = cw_entry_editor_dispose;
  object_class->finalize = cw_entry_editor_finalize;
  object_class->get_property = cw_entry_editor_get_property;
  object_class->set_property = cw_entry_editor_set_property;

  widget_class->unmap = cw_entry_editor_unmap;
  window_class->close_request = cw_entry_editor_close_request;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, CW_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENTRY] =
    g_param_spec_object ("entry", NULL, NULL, CW_TYPE_ENTRY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CwEntryEditor::saved:
   *
   * The draft was saved (autosave, Ctrl+S, closing).
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * CwEntryEditor::finished:
   * @entry_id: the note's id
   *
   * The note (or a correction of it) was finished.
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /**
   * CwEntryEditor::changed-state:
   *
   * A correction was started, a removal asked for, confirmed or declined,
   * or a draft discarded.
   */
  signals[CHANGED_STATE] =
    g_signal_new ("changed-state", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (CW_TYPE_BODY_MAP);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/casework/Casework/"
                                               "cw-entry-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, draft_menu_button);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, correct_button);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, history_button);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, finish_button);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, note_menu_button);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, principles_button);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, principles_icon);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, principles_count_label);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, message_label);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, removal_revealer);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, removal_label);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, withdraw_button);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, decline_button);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, confirm_removal_button);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, flap);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, form_box);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, correction_section);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, kind_row);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, summary_row);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, precision_row);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, date_row);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, date_button);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, date_popover);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, date_calendar);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, time_row);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, time_problem_label);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, present_row);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, location_row);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, child_answers_list);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, source_name_row);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, source_role_row);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, actions_list);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, outcomes_list);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, significant_switch);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, restricted_switch);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, body_map);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, marks_list);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, add_front_mark_button);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, read_box);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, due_label);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, principles_list);
  gtk_widget_class_bind_template_child (widget_class, CwEntryEditor, judgement_group);
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    gtk_widget_class_bind_template_child_full (widget_class, text_fields[i].slot, FALSE,
                                               G_STRUCT_OFFSET (CwEntryEditor, slots) +
                                               i * sizeof (gpointer));

  gtk_widget_class_bind_template_callback (widget_class, date_calendar_day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_action_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_front_mark_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_back_mark_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, message_close_button_clicked_cb);

  gtk_widget_class_install_action (widget_class, "editor.save-now", NULL, save_now_action_cb);
  gtk_widget_class_install_action (widget_class, "editor.finish", NULL, finish_action_cb);
  gtk_widget_class_install_action (widget_class, "editor.discard", NULL, discard_action_cb);
  gtk_widget_class_install_action (widget_class, "editor.correct", NULL, correct_action_cb);
  gtk_widget_class_install_action (widget_class, "editor.history", NULL, history_action_cb);
  gtk_widget_class_install_action (widget_class, "editor.request-removal", NULL,
                                   request_removal_action_cb);
  gtk_widget_class_install_action (widget_class, "editor.confirm-removal", NULL,
                                   confirm_removal_action_cb);
  gtk_widget_class_install_action (widget_class, "editor.decline-removal", NULL,
                                   decline_removal_action_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
add_shortcut (GtkShortcutController *controller,
              const char            *accelerator,
              const char            *action_name)
{
  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string (
                                                            accelerator),
                                                          gtk_named_action_new (action_name)));
}

static void
build_answer_rows (CwEntryEditor *self)
{
  static const char *const answer_labels[] = {
    N_("Yes"), N_("No"), N_("Not recorded"),
  };

  for (guint q = 0; q < N_ANSWERS; q++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *group = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      GtkToggleButton *first = NULL;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(answer_questions[q].title));
      gtk_widget_set_name (row, answer_questions[q].name);
      gtk_widget_add_css_class (group, "linked");
      gtk_widget_set_valign (group, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (group), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _(answer_questions[q].title), -1);

      for (guint a = 0; a < G_N_ELEMENTS (answer_order); a++)
        {
          GtkWidget *button = gtk_toggle_button_new_with_label (_(answer_labels[a]));
          g_autofree char *name = g_strdup_printf ("%s_%s", answer_questions[q].name,
                                                   a == 0 ? "yes" : a == 1 ? "no" : "unset");
          g_autofree char *accessible = g_strdup_printf ("%s %s", _(answer_questions[q].title),
                                                         _(answer_labels[a]));

          gtk_widget_set_name (button, name);
          gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
          if (first != NULL)
            gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), first);
          else
            first = GTK_TOGGLE_BUTTON (button);
          g_object_set_data (G_OBJECT (button), "cw-question", GINT_TO_POINTER (q));
          g_object_set_data (G_OBJECT (button), "cw-answer", GINT_TO_POINTER (answer_order[a]));
          g_signal_connect (button, "toggled", G_CALLBACK (answer_toggled_cb), self);
          gtk_box_append (GTK_BOX (group), button);
          self->answer_buttons[q][a] = GTK_TOGGLE_BUTTON (button);
        }

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), group);
      gtk_list_box_append (self->child_answers_list, row);
    }
}

static void
build_outcome_rows (CwEntryEditor *self)
{
  for (guint i = 0; i < N_OUTCOMES; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *name = g_strdup_printf ("outcome_%u_check", i);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     cw_outcome_get_title (outcome_flags[i]));
      gtk_widget_set_name (check, name);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      cw_outcome_get_title (outcome_flags[i]), -1);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (outcome_toggled_cb), self);
      gtk_list_box_append (self->outcomes_list, row);
      self->outcome_checks[i] = GTK_CHECK_BUTTON (check);
    }
}

static void
connect_entry_row (CwEntryEditor *self,
                   AdwEntryRow   *row,
                   CwEntryField   field)
{
  g_object_set_data (G_OBJECT (row), "cw-field", GINT_TO_POINTER (field + 1));
  g_signal_connect (row, "changed", G_CALLBACK (entry_row_changed_cb), self);
}

static void
cw_entry_editor_init (CwEntryEditor *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) precisions = gtk_string_list_new (NULL);
  GtkEventController *shortcuts;

  ensure_style ();
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->mode = MODE_EDIT;
  cw_recording_rules_init (&self->rules);

  for (guint i = 0; i < CW_ENTRY_KIND_LAST; i++)
    gtk_string_list_append (kinds, cw_entry_kind_get_title (i));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  g_signal_connect_swapped (self->kind_row, "notify::selected",
                            G_CALLBACK (kind_selected_cb), self);

  gtk_string_list_append (precisions, _("Exact date and time"));
  gtk_string_list_append (precisions, _("The day, not the time"));
  gtk_string_list_append (precisions, _("The month only"));
  gtk_string_list_append (precisions, _("About: an approximate date"));
  adw_combo_row_set_model (self->precision_row, G_LIST_MODEL (precisions));
  g_signal_connect_swapped (self->precision_row, "notify::selected",
                            G_CALLBACK (precision_selected_cb), self);

  g_signal_connect_swapped (self->time_row, "changed", G_CALLBACK (time_changed_cb), self);

  connect_entry_row (self, self->summary_row, CW_ENTRY_FIELD_SUMMARY);
  connect_entry_row (self, self->present_row, CW_ENTRY_FIELD_PRESENT);
  connect_entry_row (self, self->location_row, CW_ENTRY_FIELD_LOCATION);
  connect_entry_row (self, self->source_name_row, CW_ENTRY_FIELD_REPORTED_SOURCE_NAME);
  connect_entry_row (self, self->source_role_row, CW_ENTRY_FIELD_REPORTED_SOURCE_ROLE);

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      GtkWidget *field = build_text_field (self, &text_fields[i]);

      gtk_box_append (self->slots[i], field);
      if (text_fields[i].field == CW_ENTRY_FIELD_CHILD_NOT_SEEN_REASON)
        self->not_seen_reason_field = GTK_WIDGET (self->slots[i]);
    }

  build_answer_rows (self);
  build_outcome_rows (self);
  build_judgement_rows (self);
  build_principle_rows (self);

  g_signal_connect_swapped (self->significant_switch, "notify::active",
                            G_CALLBACK (significant_changed_cb), self);
  g_signal_connect_swapped (self->restricted_switch, "notify::active",
                            G_CALLBACK (restricted_changed_cb), self);

  self->child_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->child_label), "child_label");
  gtk_label_set_wrap (self->child_label, TRUE);
  gtk_label_set_xalign (self->child_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->child_label), "dim-label");
  gtk_box_prepend (self->form_box, GTK_WIDGET (self->child_label));

  /* Ctrl+S and Ctrl+Return work from inside a text box too. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                     GTK_SHORTCUT_SCOPE_LOCAL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control>s", "editor.save-now");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control>Return", "editor.finish");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control>KP_Enter", "editor.finish");
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  g_signal_connect (self, "notify::focus-widget", G_CALLBACK (focus_widget_changed_cb), NULL);
}

/* Public -------------------------------------------------------------------- */

GtkWidget *
cw_entry_editor_new (CwSession *session,
                     CwEntry   *entry,
                     GtkWindow *parent)
{
  CwEntryEditor *self;

  g_return_val_if_fail (CW_IS_SESSION (session), NULL);
  g_return_val_if_fail (CW_IS_ENTRY (entry), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (CW_TYPE_ENTRY_EDITOR,
                       "session", session,
                       "entry", entry,
                       "transient-for", parent,
                       NULL);

  if (parent != NULL && gtk_window_get_application (parent) != NULL)
    gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));

  return GTK_WIDGET (self);
}

CwEntry *
cw_entry_editor_get_entry (CwEntryEditor *self)
{
  g_return_val_if_fail (CW_IS_ENTRY_EDITOR (self), NULL);

  return self->entry;
}

gboolean
cw_entry_editor_flush (CwEntryEditor  *self,
                       GError        **error)
{
  g_return_val_if_fail (CW_IS_ENTRY_EDITOR (self), FALSE);

  if (!self->dirty)
    return TRUE;

  if (!save_now (self, error))
    {
      update_title (self);
      return FALSE;
    }

  update_title (self);
  return TRUE;
}

void
cw_entry_editor_set_removal_request (CwEntryEditor *self,
                                     gint64         requested_by,
                                     const char    *reason)
{
  CwStaffMember *me;

  g_return_if_fail (CW_IS_ENTRY_EDITOR (self));

  me = self->session != NULL ? cw_session_get_staff_member (self->session) : NULL;
  self->removal_pending = TRUE;
  self->removal_requested_by_me = me != NULL && cw_staff_member_get_id (me) == requested_by;
  g_free (self->removal_reason);
  self->removal_reason = g_strdup (reason != NULL ? reason : "");
  update_actions (self);
}
