/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/*
 * What the forms in modal windows share (the child, staff, gift, contact
 * and photo consent editors and the photo check): reading what was typed,
 * the problem sentence above the form with its field marked, the line
 * under a typed field, asking before what was typed is thrown away, and
 * times typed by hand.
 */

/* TRUE for NULL, "" and white space only. */
gboolean    cw_form_is_blank            (const char   *text);
/* The text of a GtkEditable (an entry or entry row); never NULL. */
const char *cw_form_row_text            (gpointer      editable);
/* Whether it is blank. */
gboolean    cw_form_row_is_blank        (gpointer      editable);
/* Sets it; NULL is "". */
void        cw_form_set_row_text        (gpointer      editable,
                                         const char   *text);
/* All the text of a multi-line view. */
char       *cw_form_text_view_text      (GtkTextView  *view);
/* Replaces it (NULL is ""), unless it already says @text. */
void        cw_form_set_text_view_text  (GtkTextView  *view,
                                         const char   *text);

/*
 * Shows @sentence in @error_label and @error_box (the label itself may be
 * the box) and scrolls the form's GtkScrolledWindow to the top, where the
 * sentence is. @field (nullable) is marked with the "error" style and
 * focused; the field marked before is unmarked. NULL @sentence hides the
 * box and unmarks. Nothing typed is touched.
 */
void        cw_form_show_problem        (GtkWidget    *error_box,
                                         GtkLabel     *error_label,
                                         const char   *sentence,
                                         GtkWidget    *field);
/* Unmarks the field cw_form_show_problem() marked; the sentence stays. */
void        cw_form_clear_mark          (GtkWidget    *error_box);

/*
 * The line under a typed field: @text (NULL hides it) dimmed, or in the
 * "error" style with @row marked when @problem.
 */
void        cw_form_set_feedback        (GtkLabel     *label,
                                         GtkWidget    *row,
                                         const char   *text,
                                         gboolean      problem);
/* The line is read with the field (accessible description). */
void        cw_form_describe_with       (GtkWidget    *field,
                                         GtkLabel     *label);

/* A flag the form will raise: @badge then @text, wrapped. */
GtkWidget  *cw_form_flag_line_new       (GtkWidget    *badge,
                                         const char   *text);

/* A combo row over @titles (a GtkStringList), @selected chosen. */
void        cw_form_combo_set_titles    (AdwComboRow        *row,
                                         const char * const *titles,
                                         guint               n_titles,
                                         guint               selected);

/* The same, over @titles as they are (a list the caller built). */
void        cw_form_combo_set_model     (AdwComboRow        *row,
                                         GtkStringList      *titles,
                                         guint               selected);

/* Modal, transient for @parent (nullable) and destroyed with it. */
void        cw_form_set_parent          (GtkWindow    *form,
                                         GtkWindow    *parent);

/*
 * Closing a form with changes not saved. In a GtkWindow::close_request
 * override:
 *
 *   if (cw_form_may_close (window) || !form_changed (self))
 *     return parent_class->close_request (window);
 *   return cw_form_ask_discard (window, _("Discard the Changes?"));
 *
 * cw_form_ask_discard() asks (an AdwMessageDialog named
 * "discard_dialog": "What you typed has not been saved.", Keep Editing or
 * Discard) and returns TRUE; Discard closes the form. After saving,
 * cw_form_close() closes it without asking.
 */
gboolean    cw_form_may_close           (GtkWindow    *form);
gboolean    cw_form_ask_discard         (GtkWindow    *form,
                                         const char   *heading);
void        cw_form_close               (GtkWindow    *form);

/*
 * The end of a save. When @saved is FALSE, shows @error's sentence (or
 * @fallback when there is none) as cw_form_show_problem() does, with
 * @field (nullable) marked, and returns FALSE: everything typed stays.
 * Otherwise hides the sentence and returns TRUE; the caller then says
 * that it saved and calls cw_form_close().
 */
gboolean    cw_form_save_done           (GtkWidget    *error_box,
                                         GtkLabel     *error_label,
                                         gboolean      saved,
                                         const GError *error,
                                         const char   *fallback,
                                         GtkWidget    *field);

/*
 * A time typed on the 24-hour clock: "21:30", "21.30", "9:05" or "2130".
 * FALSE with a sentence (G_IO_ERROR_INVALID_DATA) for anything else.
 */
gboolean    cw_form_parse_time          (const char   *text,
                                         int          *hour_out,
                                         int          *minute_out,
                                         GError      **error);

G_END_DECLS
