/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/cw-child.h"
#include "core/cw-session.h"

G_BEGIN_DECLS

/*
 * What the three register pages (gifts, contacts, photo consent) share:
 * flag badges, the filter bar, dates typed by hand, and the CSV export
 * flow (file, password again, written in a worker thread).
 */

typedef enum
{
  CW_BADGE_WARNING,   /* a flag someone must look at */
  CW_BADGE_ERROR,     /* refused, withdrawn, never publish */
  CW_BADGE_SUCCESS,   /* decided, reviewed, allowed */
  CW_BADGE_NEUTRAL,   /* a state: undecided, planned */
} CwBadgeStyle;

/* A small pill: @title on it, @explanation (nullable) as its tooltip and
 * accessible description. CSS class "badge" plus "warning", "error",
 * "success" or "neutral". */
GtkWidget *cw_badge_new               (const char   *title,
                                       const char   *explanation,
                                       CwBadgeStyle  style);
/* A flag a form will raise (cw_form_flag_line_new()): the badge for
 * @title with @explanation, then @explanation and @extra (nullable) after
 * it. */
GtkWidget *cw_flag_line_new           (const char   *title,
                                       const char   *explanation,
                                       CwBadgeStyle  style,
                                       const char   *extra);
/* Removes every child of @box (for rows re-bound to another item). */
void       cw_box_remove_all          (GtkBox       *box);

/*
 * Dates typed as day/month/year ("14/03/2025"; "/", "-", "." or a space
 * between). On failure a sentence that says what is wrong ("There is no
 * 31 February 2025: February 2025 has 28 days."). When @latest is not
 * NULL a later date is refused with "%s is in the future. @what cannot
 * be later than today." where @what names the field ("The date of the
 * gift"). G_IO_ERROR_INVALID_DATA.
 */
gboolean   cw_date_parse              (const char   *text,
                                       const GDate  *latest,
                                       const char   *what,
                                       GDate        *date_out,
                                       GError      **error);
/* "14/03/2025"; "" for an invalid date. */
char      *cw_date_format_short       (const GDate  *date);
/* "14 March 2025"; "" for an invalid date. */
char      *cw_date_format_long        (const GDate  *date);
/* "14 Mar 2025, 16:05" in local time from a unix time. */
char      *cw_time_format             (gint64        unix_time);
void       cw_date_today              (GDate        *today);

/*
 * CwChildChooser: a button naming the chosen child (or @none_label) that
 * opens a search over the children the signed-in person may see: name or
 * case reference, a lazy list, never a copy of them all. Emits "changed"
 * when the choice changes. The list is read when the popover opens (the
 * search starts empty and has the focus; Enter chooses the first child
 * found). Parts (buildable names, for tests): "child_chooser_button",
 * "child_chooser_search", "child_chooser_list" (activate a row to choose
 * it), "child_chooser_empty" (shown when nothing matches),
 * "child_chooser_none".
 *
 * The register forms use it in an AdwActionRow; a correction shows the
 * stored record's child even when the person may no longer see that
 * child (cw_child_chooser_set_stored_child()), and a form whose child is
 * fixed locks it.
 */
#define CW_TYPE_CHILD_CHOOSER (cw_child_chooser_get_type ())
G_DECLARE_FINAL_TYPE (CwChildChooser, cw_child_chooser, CW, CHILD_CHOOSER, GtkWidget)

GtkWidget *cw_child_chooser_new             (CwSession      *session,
                                             const char     *none_label);
/* 0 when none is chosen */
gint64     cw_child_chooser_get_child_id    (CwChildChooser *self);
/* (transfer none) (nullable) */
CwChild   *cw_child_chooser_get_child       (CwChildChooser *self);
/* Chooses @child_id (0: none). A child the person may not see is not
 * chosen: returns FALSE and the choice becomes none. */
gboolean   cw_child_chooser_set_child_id    (CwChildChooser *self,
                                             gint64          child_id);
/* Chooses the child a stored record names. A child the person may not
 * see stays chosen (cw_child_chooser_get_child_id() returns it,
 * cw_child_chooser_get_child() NULL), named @stored_name or "A child whose
 * record you may no longer see". Returns whether the child can be seen. */
gboolean   cw_child_chooser_set_stored_child (CwChildChooser *self,
                                              gint64          child_id,
                                              const char     *stored_name);
/* The button says "Amara Okafor · CR-0042" rather than the name alone. */
void       cw_child_chooser_set_show_reference (CwChildChooser *self,
                                                gboolean        show_reference);
/* A locked chooser shows its child and cannot be opened; @why (nullable)
 * is its tooltip ("A consent record stays with its child"). */
void       cw_child_chooser_set_locked      (CwChildChooser *self,
                                             gboolean        locked,
                                             const char     *why);
gboolean   cw_child_chooser_get_locked      (CwChildChooser *self);

/*
 * CwRegisterFilterBar: person, child, date range, flag and an
 * "undecided" switch above a register list. Emits "changed" whenever a
 * valid filter changes (a date typed badly marks its entry and says why
 * in its tooltip, and is not applied).
 *
 * Person: hidden for staff who see only their own rows; line managers
 * choose from themselves and their team, DSLs from every active member of
 * staff. Child: a button with a search popover over the children the
 * person may see. Flag: the page supplies the titles and their bit values
 * ("Any flag" comes first by itself). The switch label is the page's
 * ("Undecided only", "Not reviewed only"); NULL hides it.
 *
 * Buildable ids of the parts (for tests): "filter_person", "filter_child"
 * (a CwChildChooser), "filter_from", "filter_to", "filter_flag",
 * "filter_undecided", "filter_clear".
 */
#define CW_TYPE_REGISTER_FILTER_BAR (cw_register_filter_bar_get_type ())
G_DECLARE_FINAL_TYPE (CwRegisterFilterBar, cw_register_filter_bar,
                      CW, REGISTER_FILTER_BAR, GtkWidget)

GtkWidget *cw_register_filter_bar_new             (CwSession           *session,
                                                   const char          *undecided_label);
void       cw_register_filter_bar_set_flags       (CwRegisterFilterBar *self,
                                                   const char * const  *titles,
                                                   const guint         *values,
                                                   guint                n_flags);
/* 0 = anyone I may see */
gint64     cw_register_filter_bar_get_staff_id    (CwRegisterFilterBar *self);
/* 0 = any child */
gint64     cw_register_filter_bar_get_child_id    (CwRegisterFilterBar *self);
void       cw_register_filter_bar_set_child       (CwRegisterFilterBar *self,
                                                   gint64               child_id);
/* Fills both; an invalid GDate where there is no limit. */
void       cw_register_filter_bar_get_range       (CwRegisterFilterBar *self,
                                                   GDate               *from,
                                                   GDate               *to);
/* 0 = any */
guint      cw_register_filter_bar_get_flags       (CwRegisterFilterBar *self);
gboolean   cw_register_filter_bar_get_undecided   (CwRegisterFilterBar *self);
void       cw_register_filter_bar_set_undecided   (CwRegisterFilterBar *self,
                                                   gboolean             undecided);
/* Back to everything I may see. */
void       cw_register_filter_bar_clear           (CwRegisterFilterBar *self);
/* "3 filters" style summary for the list's heading; NULL when none. */
char      *cw_register_filter_bar_describe        (CwRegisterFilterBar *self);

/*
 * CSV export of a filtered register list. @export_func is one of
 * cw_register_export_gifts(), _contacts() or _photo_consents() cast to
 * CwRegisterExportFunc; @filter is copied (@filter_size bytes), so the
 * caller's may change at once.
 *
 * cw_register_export_run() asks for a file (suggesting @suggested_name),
 * then the password again, then writes in a worker thread and reports
 * with a toast on @toasts: "12 rows exported to gifts.csv." or the
 * error. A file left half-written by a failure is deleted.
 *
 * cw_register_export_to_file_async() is the part after the file is
 * chosen (the tests use it; the password dialog still appears). It
 * completes with the number of rows written.
 */
typedef gboolean (*CwRegisterExportFunc) (gpointer        register_,
                                          gconstpointer   filter,
                                          const char     *password,
                                          GOutputStream  *stream,
                                          guint64        *n_rows_out,
                                          GCancellable   *cancellable,
                                          GError        **error);

void       cw_register_export_run                 (GtkWidget            *parent,
                                                   CwSession            *session,
                                                   gpointer              register_,
                                                   CwRegisterExportFunc  export_func,
                                                   gconstpointer         filter,
                                                   gsize                 filter_size,
                                                   const char           *suggested_name,
                                                   AdwToastOverlay      *toasts);
void       cw_register_export_to_file_async       (GtkWidget            *parent,
                                                   CwSession            *session,
                                                   gpointer              register_,
                                                   CwRegisterExportFunc  export_func,
                                                   gconstpointer         filter,
                                                   gsize                 filter_size,
                                                   GFile                *file,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean   cw_register_export_to_file_finish      (GAsyncResult         *result,
                                                   guint64              *n_rows_out,
                                                   GError              **error);

G_END_DECLS
