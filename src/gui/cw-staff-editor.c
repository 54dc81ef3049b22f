/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-staff-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>

#include "core/cw-key.h"
#include "core/cw-password.h"
#include "cw-form.h"
#include "cw-password-dialog.h"
#include "cw-staff-editor.h"

/* Letters and digits nobody confuses when reading aloud or writing down:
 * no 0/o, 1/l/i. 31 symbols, 16 of them: about 79 bits. */
#define PASSWORD_ALPHABET "abcdefghjkmnpqrstuvwxyz23456789"
#define PASSWORD_GROUPS 4
#define PASSWORD_GROUP_LENGTH 4

struct _CwStaffEditor
{
  AdwWindow            parent_instance;

  AdwWindowTitle      *window_title;
  GtkButton           *save_button;
  GtkSpinner          *spinner;
  GtkLabel            *error_label;
  AdwEntryRow         *username_row;
  AdwEntryRow         *display_name_row;
  AdwEntryRow         *job_title_row;
  GtkCheckButton      *practitioner_check;
  GtkCheckButton      *line_manager_check;
  GtkCheckButton      *dsl_check;
  GtkCheckButton      *administrator_check;
  AdwComboRow         *line_manager_row;
  AdwPreferencesGroup *password_group;
  AdwEntryRow         *password_row;
  GtkLabel            *strength_label;
  GtkWidget           *validation_box;
  GtkLabel            *validation_label;

  CwSession           *session;
  CwStaffMember       *member;        /* NULL when adding */
  GArray              *manager_ids;   /* gint64 per combo item; 0 = nobody */
  gboolean             saving;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_MEMBER,
  N_PROPS
};

enum {
  SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CwStaffEditor, cw_staff_editor, ADW_TYPE_WINDOW)

static CwRoles
form_roles (CwStaffEditor *self)
{
  CwRoles roles = CW_ROLE_NONE;

  if (gtk_check_button_get_active (self->practitioner_check))
    roles |= CW_ROLE_PRACTITIONER;
  if (gtk_check_button_get_active (self->line_manager_check))
    roles |= CW_ROLE_LINE_MANAGER;
  if (gtk_check_button_get_active (self->dsl_check))
    roles |= CW_ROLE_DSL;
  if (gtk_check_button_get_active (self->administrator_check))
    roles |= CW_ROLE_ADMINISTRATOR;

  return roles;
}

static gint64
form_line_manager_id (CwStaffEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->line_manager_row);

  if (self->manager_ids == NULL || selected >= self->manager_ids->len)
    return 0;

  return g_array_index (self->manager_ids, gint64, selected);
}

static void
update_strength (CwStaffEditor *self)
{
  const char *password = cw_form_row_text (self->password_row);
  GtkWidget *label = GTK_WIDGET (self->strength_label);
  g_autofree char *feedback = NULL;
  const char *verdict;
  CwPasswordStrength strength;

  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "warning");
  gtk_widget_remove_css_class (label, "success");

  if (self->member != NULL || *password == '\0')
    {
      gtk_widget_set_visible (label, FALSE);
      return;
    }

  strength = cw_password_strength (password, cw_form_row_text (self->username_row),
                                   cw_form_row_text (self->display_name_row), &feedback);
  switch (strength)
    {
    case CW_PASSWORD_TOO_WEAK:
      verdict = _("Too weak.");
      gtk_widget_add_css_class (label, "error");
      break;
    case CW_PASSWORD_WEAK:
      verdict = _("Weak.");
      gtk_widget_add_css_class (label, "error");
      break;
    case CW_PASSWORD_FAIR:
      verdict = _("Fair.");
      gtk_widget_add_css_class (label, "warning");
      break;
    case CW_PASSWORD_STRONG:
    default:
      verdict = _("Strong.");
      gtk_widget_add_css_class (label, "success");
      break;
    }

  if (feedback != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s %s", verdict, feedback);

      gtk_label_set_text (self->strength_label, text);
    }
  else
    {
      gtk_label_set_text (self->strength_label, verdict);
    }

  gtk_widget_set_visible (label, TRUE);
}

/* Editing: does the form differ from the stored account? */
static gboolean
form_changed (CwStaffEditor *self)
{
  g_autofree char *name = g_strstrip (g_strdup (cw_form_row_text (self->display_name_row)));
  g_autofree char *title = g_strstrip (g_strdup (cw_form_row_text (self->job_title_row)));
  const char *stored_title = cw_staff_member_get_job_title (self->member);

  return g_strcmp0 (name, cw_staff_member_get_display_name (self->member)) != 0 ||
         g_strcmp0 (title, stored_title != NULL ? stored_title : "") != 0 ||
         form_roles (self) != cw_staff_member_get_roles (self->member) ||
         form_line_manager_id (self) != cw_staff_member_get_line_manager_id (self->member);
}

/* The first reason the form cannot be saved, or NULL when it can. */
static char *
validation_problem (CwStaffEditor *self)
{
  const char *username = cw_form_row_text (self->username_row);
  const char *display_name = cw_form_row_text (self->display_name_row);
  g_autoptr(GError) error = NULL;
  g_autofree char *normalised = NULL;

  if (self->member == NULL)
    {
      if (cw_form_is_blank (username))
        return g_strdup (_("Type a username for them to sign in with."));

      normalised = cw_staff_normalise_username (username, &error);
      if (normalised == NULL)
        return g_strdup (error->message);
    }

  if (cw_form_is_blank (display_name))
    return g_strdup (_("Type their full name."));

  if (form_roles (self) == CW_ROLE_NONE)
    return g_strdup (_("Choose at least one role."));

  if (self->member != NULL && !form_changed (self))
    return g_strdup (_("Nothing has been changed yet."));

  if (self->member == NULL)
    {
      const char *password = cw_form_row_text (self->password_row);

      if (*password == '\0')
        return g_strdup (_("Generate a one-time password, or type one."));

      if (!cw_password_acceptable (password, normalised, display_name, &error))
        return g_strdup (error->message);
    }

  return NULL;
}

static void
validate (CwStaffEditor *self)
{
  g_autofree char *problem = validation_problem (self);

  update_strength (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), problem == NULL && !self->saving);

  /* Why Save cannot be pressed yet, where it is seen first. */
  gtk_label_set_text (self->validation_label, problem != NULL ? problem : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->save_button), problem);
  gtk_widget_set_visible (self->validation_box, problem != NULL);
}

static void
show_error (CwStaffEditor *self,
            const char    *sentence)
{
  gtk_label_set_text (self->error_label, sentence);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), sentence != NULL);
}

static void
set_saving (CwStaffEditor *self,
            gboolean       saving)
{
  self->saving = saving;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), saving);
  gtk_spinner_set_spinning (self->spinner, saving);
  validate (self);
}

static void
fill_line_managers (CwStaffEditor *self)
{
  CwStaffRepository *repository = cw_session_get_staff_repository (self->session);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GListModel) staff = NULL;
  gint64 current = self->member != NULL ? cw_staff_member_get_line_manager_id (self->member) : 0;
  gint64 own_id = self->member != NULL ? cw_staff_member_get_id (self->member) : 0;
  guint selected = 0;
  gint64 none = 0;

  g_clear_pointer (&self->manager_ids, g_array_unref);
  self->manager_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  gtk_string_list_append (names, C_("line manager", "None"));
  g_array_append_val (self->manager_ids, none);

  if (repository != NULL)
    staff = cw_staff_repository_list (repository);

  for (guint i = 0; staff != NULL && i < g_list_model_get_n_items (staff); i++)
    {
      g_autoptr(CwStaffMember) candidate = g_list_model_get_item (staff, i);
      gint64 id = cw_staff_member_get_id (candidate);
      gboolean is_current = current != 0 && id == current;

      if (id == own_id)
        continue;

      /* Only active line managers are offered; the one already set stays
       * visible so that saving other changes does not drop it silently. */
      if (!is_current && (!cw_staff_member_get_active (candidate) ||
                          !cw_staff_member_has_role (candidate, CW_ROLE_LINE_MANAGER)))
        continue;

      if (is_current && !cw_staff_member_get_active (candidate))
        {
          g_autofree char *label =
            g_strdup_printf (_("%s (deactivated)"), cw_staff_member_get_display_name (candidate));

          gtk_string_list_append (names, label);
        }
      else
        {
          gtk_string_list_append (names, cw_staff_member_get_display_name (candidate));
        }

      g_array_append_val (self->manager_ids, id);
      if (is_current)
        selected = self->manager_ids->len - 1;
    }

  cw_form_combo_set_model (self->line_manager_row, names, selected);
}

static void
fill_form (CwStaffEditor *self)
{
  PangoAttrList *attributes = pango_attr_list_new ();

  pango_attr_list_insert (attributes, pango_attr_family_new ("monospace"));
  adw_entry_row_set_attributes (self->password_row, attributes);
  pango_attr_list_unref (attributes);

  fill_line_managers (self);

  if (self->member == NULL)
    {
      adw_window_title_set_title (self->window_title, _("Add Staff Member"));
      gtk_window_set_title (GTK_WINDOW (self), _("Add Staff Member"));
      gtk_button_set_label (self->save_button, _("_Add"));
      gtk_check_button_set_active (self->practitioner_check, FALSE);
    }
  else
    {
      CwRoles roles = cw_staff_member_get_roles (self->member);

      adw_window_title_set_title (self->window_title, _("Edit Staff Member"));
      adw_window_title_set_subtitle (self->window_title,
                                     cw_staff_member_get_display_name (self->member));
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Staff Member"));

      gtk_editable_set_text (GTK_EDITABLE (self->username_row),
                             cw_staff_member_get_username (self->member));
      gtk_editable_set_editable (GTK_EDITABLE (self->username_row), FALSE);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->username_row),
                                   _("A username cannot be changed"));
      gtk_editable_set_text (GTK_EDITABLE (self->display_name_row),
                             cw_staff_member_get_display_name (self->member));
      gtk_editable_set_text (GTK_EDITABLE (self->job_title_row),
                             cw_staff_member_get_job_title (self->member) != NULL ?
                             cw_staff_member_get_job_title (self->member) : "");

      gtk_check_button_set_active (self->practitioner_check,
                                   (roles & CW_ROLE_PRACTITIONER) != 0);
      gtk_check_button_set_active (self->line_manager_check,
                                   (roles & CW_ROLE_LINE_MANAGER) != 0);
      gtk_check_button_set_active (self->dsl_check, (roles & CW_ROLE_DSL) != 0);
      gtk_check_button_set_active (self->administrator_check,
                                   (roles & CW_ROLE_ADMINISTRATOR) != 0);

      gtk_widget_set_visible (GTK_WIDGET (self->password_group), FALSE);
    }

  validate (self);
}

static void
save_with_password (CwStaffEditor *self,
                    const char    *admin_password)
{
  g_autoptr(CwStaffMember) saved = NULL;
  g_autoptr(GError) error = NULL;
  const char *job_title = cw_form_row_text (self->job_title_row);

  if (self->member == NULL)
    {
      saved = cw_session_add_staff (self->session, admin_password,
                                    cw_form_row_text (self->username_row),
                                    cw_form_row_text (self->display_name_row),
                                    job_title, form_roles (self),
                                    form_line_manager_id (self),
                                    cw_form_row_text (self->password_row), &error);
    }
  else
    {
      gint64 id = cw_staff_member_get_id (self->member);
      CwStaffRepository *repository;

      if (cw_session_update_staff (self->session, admin_password, id,
                                   cw_form_row_text (self->display_name_row), job_title,
                                   form_roles (self), form_line_manager_id (self), &error))
        {
          repository = cw_session_get_staff_repository (self->session);
          if (repository != NULL)
            saved = cw_staff_repository_lookup_by_id (repository, id, &error);
        }
    }

  if (saved == NULL)
    {
      show_error (self, error != NULL ? error->message : _("The changes could not be saved."));
      return;
    }

  show_error (self, NULL);
  g_signal_emit (self, signals[SAVED], 0, saved);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
confirm_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CwStaffEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  char *password = cw_password_dialog_confirm_finish (result, &error);

  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    {
      cw_secure_wipe_string (password);
      g_free (password);
      return;
    }

  set_saving (self, FALSE);

  if (password == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }

  /* Staff changes run here, not in a thread: the repository's list model
   * changes with them and is shown by widgets. */
  save_with_password (self, password);
  cw_secure_wipe_string (password);
  g_free (password);
}

static void
save_button_clicked_cb (CwStaffEditor *self)
{
  g_autofree char *problem = validation_problem (self);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  const char *name = cw_form_row_text (self->display_name_row);

  if (problem != NULL || self->saving)
    return;

  if (self->member == NULL)
    {
      heading = g_strdup (_("Add Staff Member?"));
      body = g_strdup_printf (_("Type your password to add %s to Casework."), name);
    }
  else
    {
      heading = g_strdup (_("Save Changes?"));
      body = g_strdup_printf (_("Type your password to save the changes to %s."), name);
    }

  set_saving (self, TRUE);
  cw_password_dialog_confirm_async (self->session, GTK_WIDGET (self), heading, body,
                                    self->member == NULL ? _("_Add") : _("_Save"),
                                    NULL, confirm_done_cb, g_object_ref (self));
}

static void
generate_button_clicked_cb (CwStaffEditor *self)
{
  g_autofree char *password = cw_staff_editor_generate_password ();

  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
  cw_secure_wipe_string (password);
}

static void
form_changed_cb (CwStaffEditor *self)
{
  validate (self);
}

static void
cw_staff_editor_constructed (GObject *object)
{
  CwStaffEditor *self = CW_STAFF_EDITOR (object);

  G_OBJECT_CLASS (cw_staff_editor_parent_class)->constructed (object);

  fill_form (self);
}

static void
cw_staff_editor_dispose (GObject *object)
{
  CwStaffEditor *self = CW_STAFF_EDITOR (object);

  if (self->password_row != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");

  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_STAFF_EDITOR);

  g_clear_pointer (&self->manager_ids, g_array_unref);
  g_clear_object (&self->member);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cw_staff_editor_parent_class)->dispose (object);
}

static void
cw_staff_editor_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CwStaffEditor *self = CW_STAFF_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_MEMBER:
      g_value_set_object (value, self->member);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_staff_editor_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CwStaffEditor *self = CW_STAFF_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_set_object (&self->session, g_value_get_object (value));
      break;
    case PROP_MEMBER:
      g_set_object (&self->member, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_staff_editor_class_init (CwStaffEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cw_staff_editor_constructed;
  object_class->dispose = cw_staff_editor_dispose;
  object_class->get_property = cw_staff_editor_get_property;
  object_class->set_property = cw_staff_editor_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         CW_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MEMBER] =
    g_param_spec_object ("member", NULL, NULL,
                         CW_TYPE_STAFF_MEMBER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CwStaffEditor::saved:
   * @member: the staff member as stored
   *
   * The change was stored; the editor closes next.
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CW_TYPE_STAFF_MEMBER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/casework/Casework/cw-staff-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CwStaffEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, CwStaffEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, CwStaffEditor, spinner);
  gtk_widget_class_bind_template_child (widget_class, CwStaffEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, CwStaffEditor, username_row);
  gtk_widget_class_bind_template_child (widget_class, CwStaffEditor, display_name_row);
  gtk_widget_class_bind_template_child (widget_class, CwStaffEditor, job_title_row);
  gtk_widget_class_bind_template_child (widget_class, CwStaffEditor, practitioner_check);
  gtk_widget_class_bind_template_child (widget_class, CwStaffEditor, line_manager_check);
  gtk_widget_class_bind_template_child (widget_class, CwStaffEditor, dsl_check);
  gtk_widget_class_bind_template_child (widget_class, CwStaffEditor, administrator_check);
  gtk_widget_class_bind_template_child (widget_class, CwStaffEditor, line_manager_row);
  gtk_widget_class_bind_template_child (widget_class, CwStaffEditor, password_group);
  gtk_widget_class_bind_template_child (widget_class, CwStaffEditor, password_row);
  gtk_widget_class_bind_template_child (widget_class, CwStaffEditor, strength_label);
  gtk_widget_class_bind_template_child (widget_class, CwStaffEditor, validation_box);
  gtk_widget_class_bind_template_child (widget_class, CwStaffEditor, validation_label);
  gtk_widget_class_bind_template_callback (widget_class, save_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, generate_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cw_staff_editor_init (CwStaffEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * cw_staff_editor_new:
 * @session: an administrator's session
 * @member: (nullable): the staff member to edit, or %NULL to add one
 * @parent: (nullable): the window the editor belongs to
 *
 * Returns: (transfer none): a new editor, not yet shown. It is owned by the
 *   toolkit's list of windows and destroys itself when closed.
 */
CwStaffEditor *
cw_staff_editor_new (CwSession     *session,
                     CwStaffMember *member,
                     GtkWindow     *parent)
{
  CwStaffEditor *self;

  g_return_val_if_fail (CW_IS_SESSION (session), NULL);
  g_return_val_if_fail (member == NULL || CW_IS_STAFF_MEMBER (member), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (CW_TYPE_STAFF_EDITOR,
                       "session", session,
                       "member", member,
                       "transient-for", parent,
                       NULL);

  /* Not "destroy-with-parent": with GTK 4.8 a window that outlives its
   * parent (a pending step-up holds a reference) keeps a dangling parent
   * pointer then. The parent's "destroy" closes the editor instead. */
  if (parent != NULL)
    g_signal_connect_object (parent, "destroy", G_CALLBACK (gtk_window_destroy), self,
                             G_CONNECT_SWAPPED);

  return self;
}

const char *
cw_staff_editor_get_one_time_password (CwStaffEditor *self)
{
  g_return_val_if_fail (CW_IS_STAFF_EDITOR (self), NULL);

  if (self->member != NULL)
    return NULL;

  return cw_form_row_text (self->password_row);
}

/**
 * cw_staff_editor_generate_password:
 *
 * Returns: (transfer full): four groups of four letters and digits from
 *   libsodium's random bytes, joined with hyphens. Wipe it with
 *   cw_secure_wipe_string() before g_free().
 */
char *
cw_staff_editor_generate_password (void)
{
  const guint alphabet_length = sizeof (PASSWORD_ALPHABET) - 1;
  const gsize length = PASSWORD_GROUPS * (PASSWORD_GROUP_LENGTH + 1);
  char *password = g_malloc0 (length);

  for (;;)
    {
      gboolean has_letter = FALSE, has_digit = FALSE;
      gsize pos = 0;

      for (guint group = 0; group < PASSWORD_GROUPS; group++)
        {
          if (group > 0)
            password[pos++] = '-';

          for (guint i = 0; i < PASSWORD_GROUP_LENGTH; i++)
            {
              char c = PASSWORD_ALPHABET[randombytes_uniform (alphabet_length)];

              if (g_ascii_isdigit (c))
                has_digit = TRUE;
              else
                has_letter = TRUE;
              password[pos++] = c;
            }
        }
      password[pos] = '\0';

      /* Both kinds of character, so that no checker calls it one-sided. */
      if (has_letter && has_digit)
        return password;
    }
}
