/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-main-view"

#include "config.h"

#include <glib/gi18n.h>

#include "core/cw-contact-register.h"
#include "core/cw-gift-register.h"
#include "core/cw-photo-consent.h"
#include "core/cw-sign-off-repository.h"
#include "cw-audit-page.h"
#include "cw-children-page.h"
#include "cw-contacts-page.h"
#include "cw-gifts-page.h"
#include "cw-main-view.h"
#include "cw-my-work-page.h"
#include "cw-photo-consent-page.h"
#include "cw-register-ui.h"
#include "cw-sign-offs-page.h"
#include "cw-staff-page.h"

struct _CwMainView
{
  GtkWidget       parent_instance;

  AdwLeaflet     *leaflet;
  AdwWindowTitle *organisation_title;
  AdwAvatar      *avatar;
  GtkLabel       *name_label;
  GtkLabel       *roles_label;
  GtkListBox     *section_list;
  GtkStack       *content_stack;

  CwSession      *session;

  /* Rows and pages of the visible sections (NULL for the others); the
   * list box and the stack own them. */
  GtkWidget      *rows[CW_SECTION_LAST];
  GtkWidget      *pages[CW_SECTION_LAST];
  CwSection       visible[CW_SECTION_LAST];
  guint           n_visible;

  /* What waits for the signed-in person, as a count on the rows of
   * Sign-offs, Gifts, Contacts and Photo consent; NULL for other rows and
   * rows not shown. The rows own them. */
  GtkWidget      *badges[CW_SECTION_LAST];

  CwSection       section;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SECTION,
  PROP_FOLDED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CwMainView, cw_main_view, GTK_TYPE_WIDGET)

/* The sections that count what waits, and the names of their badges. */
static const char *
badge_name (CwSection section)
{
  switch (section)
    {
    case CW_SECTION_SIGN_OFFS:
      return "sign_offs_badge";
    case CW_SECTION_GIFTS:
      return "gifts_badge";
    case CW_SECTION_CONTACTS:
      return "contacts_badge";
    case CW_SECTION_PHOTO_CONSENT:
      return "photo_consent_badge";
    case CW_SECTION_MY_WORK:
    case CW_SECTION_CHILDREN:
    case CW_SECTION_AUDIT:
    case CW_SECTION_STAFF:
    case CW_SECTION_LAST:
    default:
      return NULL;
    }
}

/* How many things in @section wait for the signed-in person, and a
 * sentence saying what they are. Sign-offs: for a DSL every outstanding
 * one, otherwise those waiting for me. Gifts: undecided declarations I
 * may decide. Contacts: records waiting for my review and planned social
 * contact waiting for my approval. Photo consent (for those who review
 * registers): consents due for review today. */
static gint64
count_waiting (CwMainView  *self,
               CwSection    section,
               const char **what)
{
  gboolean reviews = cw_session_can (self->session, CW_PERMISSION_REVIEW_TEAM_REGISTERS) ||
                     cw_session_can (self->session, CW_PERMISSION_REVIEW_ALL_REGISTERS);

  switch (section)
    {
    case CW_SECTION_SIGN_OFFS:
      {
        g_autoptr(CwSignOffRepository) sign_offs = cw_sign_off_repository_new (self->session);

        *what = _("Judgements waiting for sign-off");
        if ((cw_session_get_roles (self->session) & CW_ROLE_DSL) != 0)
          return cw_sign_off_repository_count_outstanding (sign_offs);
        return cw_sign_off_repository_count_waiting_for_me (sign_offs);
      }
    case CW_SECTION_GIFTS:
      {
        g_autoptr(CwGiftRegister) gifts = cw_gift_register_new (self->session);

        *what = _("Gifts and hospitality waiting for your decision");
        return cw_gift_register_count_awaiting_decision (gifts);
      }
    case CW_SECTION_CONTACTS:
      {
        g_autoptr(CwContactRegister) contacts = cw_contact_register_new (self->session);

        *what = _("Contacts waiting for your review or approval");
        return cw_contact_register_count_awaiting_review (contacts) +
               cw_contact_register_count_approvals_awaiting (contacts);
      }
    case CW_SECTION_PHOTO_CONSENT:
      {
        g_autoptr(CwPhotoConsentRegister) consents = NULL;
        GDate today;

        if (!reviews)
          return 0;
        consents = cw_photo_consent_register_new (self->session);
        cw_date_today (&today);
        *what = _("Photo consents due for review");
        return cw_photo_consent_register_count_reviews_due (consents, &today);
      }
    case CW_SECTION_MY_WORK:
    case CW_SECTION_CHILDREN:
    case CW_SECTION_AUDIT:
    case CW_SECTION_STAFF:
    case CW_SECTION_LAST:
    default:
      return 0;
    }
}

static void
update_badge (CwMainView *self,
              CwSection   section)
{
  g_autofree char *text = NULL;
  const char *what = "";
  gint64 count;

  if (self->badges[section] == NULL || cw_session_is_locked (self->session))
    return;

  count = count_waiting (self, section, &what);
  text = g_strdup_printf ("%" G_GINT64_FORMAT, count);
  gtk_label_set_text (GTK_LABEL (self->badges[section]), text);
  gtk_widget_set_tooltip_text (self->badges[section], what);
  gtk_widget_set_visible (self->badges[section], count > 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->rows[section]),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  count > 0 ? what : "",
                                  -1);
}

static void
update_badges (CwMainView *self)
{
  for (guint i = 0; i < CW_SECTION_LAST; i++)
    update_badge (self, (CwSection) i);
}

static void
page_changed_cb (CwMainView *self)
{
  update_badges (self);
}

static GtkWidget *
build_page (CwMainView *self,
            CwSection   section)
{
  GtkWidget *page;

  switch (section)
    {
    case CW_SECTION_STAFF:
      page = cw_staff_page_new (self->session);
      break;
    case CW_SECTION_AUDIT:
      page = cw_audit_page_new (self->session);
      break;
    case CW_SECTION_MY_WORK:
      page = cw_my_work_page_new (self->session);
      break;
    case CW_SECTION_CHILDREN:
      page = cw_children_page_new (self->session);
      break;
    case CW_SECTION_SIGN_OFFS:
      page = cw_sign_offs_page_new (self->session);
      break;
    case CW_SECTION_GIFTS:
      page = cw_gifts_page_new (self->session);
      break;
    case CW_SECTION_CONTACTS:
      page = cw_contacts_page_new (self->session);
      break;
    case CW_SECTION_PHOTO_CONSENT:
      page = cw_photo_consent_page_new (self->session);
      break;
    case CW_SECTION_LAST:
    default:
      g_return_val_if_reached (NULL);
    }

  g_object_bind_property (self->leaflet, "folded", page, "folded", G_BINDING_SYNC_CREATE);
  if (badge_name (section) != NULL)
    g_signal_connect_object (page, "changed", G_CALLBACK (page_changed_cb), self,
                             G_CONNECT_SWAPPED);

  return page;
}

static GtkWidget *
build_row (CwSection section)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *image = gtk_image_new_from_icon_name (cw_section_get_icon_name (section));
  GtkWidget *label = gtk_label_new (cw_section_get_title (section));

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, cw_section_get_id (section));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, cw_section_get_title (section),
                                  -1);

  return row;
}

static CwSection
section_for_row (CwMainView    *self,
                 GtkListBoxRow *row)
{
  for (guint i = 0; i < CW_SECTION_LAST; i++)
    if (self->rows[i] == GTK_WIDGET (row))
      return (CwSection) i;

  return CW_SECTION_LAST;
}

static void
populate (CwMainView *self)
{
  g_autofree char *organisation = cw_session_get_organisation (self->session);
  g_autofree char *roles = cw_roles_to_string (cw_session_get_roles (self->session));
  CwStaffMember *member = cw_session_get_staff_member (self->session);
  const char *display_name = member != NULL ? cw_staff_member_get_display_name (member) : "";

  adw_window_title_set_title (self->organisation_title, organisation != NULL ? organisation : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->organisation_title), organisation);
  adw_avatar_set_text (self->avatar, display_name);
  gtk_label_set_text (self->name_label, display_name);
  gtk_label_set_text (self->roles_label, roles);

  self->n_visible = 0;
  for (guint i = 0; i < CW_SECTION_LAST; i++)
    {
      CwSection section = (CwSection) i;

      if (!cw_session_can_see_section (self->session, section))
        continue;

      self->rows[i] = build_row (section);
      if (badge_name (section) != NULL)
        {
          GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (self->rows[i]));

          self->badges[i] = gtk_label_new (NULL);
          gtk_widget_set_name (self->badges[i], badge_name (section));
          gtk_widget_add_css_class (self->badges[i], "numeric");
          gtk_widget_add_css_class (self->badges[i], "accent");
          gtk_widget_set_visible (self->badges[i], FALSE);
          gtk_box_append (GTK_BOX (box), self->badges[i]);
        }
      gtk_list_box_append (self->section_list, self->rows[i]);

      self->pages[i] = build_page (self, section);
      gtk_stack_add_named (self->content_stack, self->pages[i], cw_section_get_id (section));

      self->visible[self->n_visible++] = section;
    }

  update_badges (self);

  if (self->n_visible > 0)
    cw_main_view_show_section (self, self->visible[0]);
}

static gboolean
select_nth_cb (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  CwMainView *self = CW_MAIN_VIEW (widget);
  guint n = GPOINTER_TO_UINT (user_data);

  if (n >= self->n_visible)
    return FALSE;

  cw_main_view_show_section (self, self->visible[n]);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);

  return TRUE;
}

static gboolean
new_item_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  CwMainView *self = CW_MAIN_VIEW (widget);

  if (self->section == CW_SECTION_CHILDREN && self->pages[CW_SECTION_CHILDREN] != NULL)
    {
      CwChildrenPage *children = CW_CHILDREN_PAGE (self->pages[CW_SECTION_CHILDREN]);
      GtkWidget *child_page = cw_children_page_get_child_page (children);

      /* On a child's page, "new" is a case note for that child. */
      if (child_page != NULL)
        return gtk_widget_activate_action (child_page, "child-page.choose-new-entry", NULL);

      return gtk_widget_activate_action (GTK_WIDGET (children), "children.new-child", NULL);
    }

  if (self->section != CW_SECTION_STAFF || self->pages[CW_SECTION_STAFF] == NULL)
    return FALSE;

  return gtk_widget_activate_action (self->pages[CW_SECTION_STAFF], "staff.add", NULL);
}

static void
go_back_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CwMainView *self = CW_MAIN_VIEW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
section_list_row_selected_cb (CwMainView    *self,
                              GtkListBoxRow *row)
{
  CwSection section;

  if (row == NULL)
    return;

  section = section_for_row (self, row);
  if (section == CW_SECTION_LAST)
    return;

  self->section = section;
  gtk_stack_set_visible_child (self->content_stack, self->pages[section]);

  if (section == CW_SECTION_AUDIT)
    cw_audit_page_reload (CW_AUDIT_PAGE (self->pages[section]));
  if (section == CW_SECTION_SIGN_OFFS)
    cw_sign_offs_page_reload (CW_SIGN_OFFS_PAGE (self->pages[section]));
  if (section == CW_SECTION_GIFTS)
    cw_gifts_page_reload (CW_GIFTS_PAGE (self->pages[section]));
  if (section == CW_SECTION_CONTACTS)
    cw_contacts_page_reload (CW_CONTACTS_PAGE (self->pages[section]));
  if (section == CW_SECTION_PHOTO_CONSENT)
    cw_photo_consent_page_reload (CW_PHOTO_CONSENT_PAGE (self->pages[section]));
  update_badges (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECTION]);
}

static void
section_list_row_activated_cb (CwMainView    *self,
                               GtkListBoxRow *row)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
leaflet_folded_changed_cb (CwMainView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDED]);
}

static void
cw_main_view_constructed (GObject *object)
{
  CwMainView *self = CW_MAIN_VIEW (object);

  G_OBJECT_CLASS (cw_main_view_parent_class)->constructed (object);

  g_return_if_fail (CW_IS_SESSION (self->session));

  populate (self);
}

static void
cw_main_view_dispose (GObject *object)
{
  CwMainView *self = CW_MAIN_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_MAIN_VIEW);

  for (guint i = 0; i < CW_SECTION_LAST; i++)
    {
      self->rows[i] = NULL;
      self->pages[i] = NULL;
      self->badges[i] = NULL;
    }
  self->n_visible = 0;

  g_clear_object (&self->session);

  G_OBJECT_CLASS (cw_main_view_parent_class)->dispose (object);
}

static void
cw_main_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CwMainView *self = CW_MAIN_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_SECTION:
      g_value_set_uint (value, self->section);
      break;
    case PROP_FOLDED:
      g_value_set_boolean (value, adw_leaflet_get_folded (self->leaflet));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_main_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CwMainView *self = CW_MAIN_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_set_object (&self->session, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_main_view_class_init (CwMainViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cw_main_view_constructed;
  object_class->dispose = cw_main_view_dispose;
  object_class->get_property = cw_main_view_get_property;
  object_class->set_property = cw_main_view_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         CW_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECTION] =
    g_param_spec_uint ("section", NULL, NULL,
                       0, CW_SECTION_LAST, CW_SECTION_LAST,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "cw-main-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/casework/Casework/cw-main-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CwMainView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CwMainView, organisation_title);
  gtk_widget_class_bind_template_child (widget_class, CwMainView, avatar);
  gtk_widget_class_bind_template_child (widget_class, CwMainView, name_label);
  gtk_widget_class_bind_template_child (widget_class, CwMainView, roles_label);
  gtk_widget_class_bind_template_child (widget_class, CwMainView, section_list);
  gtk_widget_class_bind_template_child (widget_class, CwMainView, content_stack);
  gtk_widget_class_bind_template_callback (widget_class, section_list_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, section_list_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_changed_cb);

  gtk_widget_class_install_action (widget_class, "main-view.go-back", NULL, go_back_action);

  g_type_ensure (CW_TYPE_STAFF_PAGE);
  g_type_ensure (CW_TYPE_AUDIT_PAGE);
  g_type_ensure (CW_TYPE_CHILDREN_PAGE);
  g_type_ensure (CW_TYPE_MY_WORK_PAGE);
  g_type_ensure (CW_TYPE_SIGN_OFFS_PAGE);
}

static void
cw_main_view_init (CwMainView *self)
{
  GtkEventController *controller;
  GtkShortcutTrigger *new_trigger;

  self->section = CW_SECTION_LAST;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Managed by the window, so they work wherever the focus is. */
  controller = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller),
                                     GTK_SHORTCUT_SCOPE_MANAGED);
  for (guint i = 0; i < CW_SECTION_LAST; i++)
    {
      GtkShortcutTrigger *trigger = gtk_keyval_trigger_new (GDK_KEY_1 + i, GDK_CONTROL_MASK);
      GtkShortcutAction *action = gtk_callback_action_new (select_nth_cb,
                                                           GUINT_TO_POINTER (i), NULL);

      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                            gtk_shortcut_new (trigger, action));
    }
  new_trigger = gtk_keyval_trigger_new (GDK_KEY_n, GDK_CONTROL_MASK);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (new_trigger,
                                                          gtk_callback_action_new (new_item_cb,
                                                                                   NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/**
 * cw_main_view_new:
 * @session: the signed-in session
 *
 * Returns: (transfer floating): the signed-in content for @session's roles.
 */
GtkWidget *
cw_main_view_new (CwSession *session)
{
  g_return_val_if_fail (CW_IS_SESSION (session), NULL);

  return g_object_new (CW_TYPE_MAIN_VIEW, "session", session, NULL);
}

CwSession *
cw_main_view_get_session (CwMainView *self)
{
  g_return_val_if_fail (CW_IS_MAIN_VIEW (self), NULL);

  return self->session;
}

/**
 * cw_main_view_show_section:
 * @self: a main view
 * @section: the section to open
 *
 * Selects @section in the sidebar and shows its page. Sections the
 * signed-in person may not see are ignored.
 */
void
cw_main_view_show_section (CwMainView *self,
                           CwSection   section)
{
  g_return_if_fail (CW_IS_MAIN_VIEW (self));
  g_return_if_fail ((guint) section < CW_SECTION_LAST);

  if (self->rows[section] == NULL)
    return;

  gtk_list_box_select_row (self->section_list, GTK_LIST_BOX_ROW (self->rows[section]));
}

/**
 * cw_main_view_get_section:
 * @self: a main view
 *
 * Returns: the section shown, or %CW_SECTION_LAST when none can be seen.
 */
CwSection
cw_main_view_get_section (CwMainView *self)
{
  g_return_val_if_fail (CW_IS_MAIN_VIEW (self), CW_SECTION_LAST);

  return self->section;
}

/**
 * cw_main_view_open_child:
 * @self: a main view
 * @child_id: the child whose record to open
 *
 * Shows the Children section with @child_id's page on top of its list, as
 * activating the child's row there does. Opening the record is audited;
 * a refusal is shown in the Children section. Does nothing for someone
 * who cannot see the Children section.
 */
void
cw_main_view_open_child (CwMainView *self,
                         gint64      child_id)
{
  g_return_if_fail (CW_IS_MAIN_VIEW (self));

  if (self->pages[CW_SECTION_CHILDREN] == NULL ||
      !CW_IS_CHILDREN_PAGE (self->pages[CW_SECTION_CHILDREN]))
    return;

  cw_main_view_show_section (self, CW_SECTION_CHILDREN);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  cw_children_page_open_child (CW_CHILDREN_PAGE (self->pages[CW_SECTION_CHILDREN]), child_id);
}
