/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "cw-child-repository.h"
#include "cw-database-private.h"
#include "cw-gift-register.h"
#include "cw-key.h"
#include "cw-register-export.h"
#include "cw-session.h"
#include "cw-sql-list-model-private.h"
#include "cw-register-test-util.h"
#include "cw-test-util.h"

/*
 * The gift register: the flag rules as pure functions, then the register
 * against a real SQLCipher file. The fixture (template database, staff,
 * children) is described in cw-register-test-util.h.
 */

static CwGiftDeclaration *
make_gift (int         year,
           int         month,
           int         day,
           gint64      child_id,
           const char *family_member,
           gint64      pence)
{
  CwGiftDeclaration *gift = cw_gift_declaration_new ();
  GDate date;

  set_date (&date, year, month, day);
  cw_gift_declaration_set_date (gift, &date);
  cw_gift_declaration_set_direction (gift, CW_GIFT_RECEIVED);
  cw_gift_declaration_set_child_id (gift, child_id);
  cw_gift_declaration_set_family_member_name (gift, family_member);
  cw_gift_declaration_set_family_member_relationship (gift, family_member != NULL ? "Mother"
                                                                                  : "");
  cw_gift_declaration_set_description (gift, "Box of biscuits");
  cw_gift_declaration_set_value_pence (gift, pence);
  cw_gift_declaration_set_occasion (gift, "End of placement");

  return gift;
}

/* Declares and returns the stored version (asserting success). */
static CwGiftDeclaration *
declare (CwGiftRegister    *gifts,
         CwGiftDeclaration *gift)
{
  g_autoptr(GError) error = NULL;
  CwGiftDeclaration *stored = cw_gift_register_declare (gifts, gift, &error);

  g_assert_no_error (error);
  g_assert_nonnull (stored);
  g_assert_cmpint (cw_gift_declaration_get_id (stored), >, 0);
  g_assert_cmpint (cw_gift_declaration_get_version (stored), ==, 1);

  return stored;
}

static gint64
declare_simple (CwSession  *session,
                const char *family_member,
                gint64      pence)
{
  g_autoptr(CwGiftRegister) gifts = cw_gift_register_new (session);
  g_autoptr(CwGiftDeclaration) gift = make_gift (2025, 3, 10, 0, family_member, pence);
  g_autoptr(CwGiftDeclaration) stored = declare (gifts, gift);

  return cw_gift_declaration_get_id (stored);
}

/* "id,id,…" of a list, in order. */
static char *
list_ids (GListModel *model)
{
  g_autoptr(GString) text = g_string_new ("");
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CwGiftDeclaration) gift = g_list_model_get_item (model, i);

      g_assert_nonnull (gift);
      if (i > 0)
        g_string_append_c (text, ',');
      g_string_append_printf (text, "%" G_GINT64_FORMAT, cw_gift_declaration_get_id (gift));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
visible_ids (CwSession          *session,
             const CwGiftFilter *filter)
{
  g_autoptr(CwGiftRegister) gifts = cw_gift_register_new (session);
  g_autoptr(GListModel) model = cw_gift_register_list (gifts, filter);

  return list_ids (model);
}

/* Pure rules ------------------------------------------------------------- */

static void
test_rule_threshold (void)
{
  struct { gint64 pence; gboolean over; } cases[] = {
    { 0, FALSE }, { 2499, FALSE }, { 2500, FALSE }, { 2501, TRUE }, { 100000, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CwGiftDeclaration) gift = make_gift (2025, 3, 10, 1, NULL, cases[i].pence);
      CwGiftFlags flags = cw_gift_compute_flags (gift, 2500, 3, 1);

      g_assert_cmpint ((flags & CW_GIFT_FLAG_OVER_THRESHOLD) != 0, ==, cases[i].over);
      g_assert_cmpint (flags & ~CW_GIFT_FLAG_OVER_THRESHOLD, ==, 0);
    }

  /* The threshold is the organisation's, not a constant. */
  {
    g_autoptr(CwGiftDeclaration) gift = make_gift (2025, 3, 10, 1, NULL, 1500);

    g_assert_cmpint (cw_gift_compute_flags (gift, 1000, 3, 1), ==,
                     CW_GIFT_FLAG_OVER_THRESHOLD);
    g_assert_cmpint (cw_gift_compute_flags (gift, 1500, 3, 1), ==, CW_GIFT_FLAG_NONE);
  }
}

static void
test_rule_cash (void)
{
  g_autoptr(CwGiftDeclaration) gift = make_gift (2025, 3, 10, 1, NULL, 500);

  g_assert_cmpint (cw_gift_compute_flags (gift, 2500, 3, 1), ==, CW_GIFT_FLAG_NONE);
  cw_gift_declaration_set_cash (gift, TRUE);
  g_assert_cmpint (cw_gift_compute_flags (gift, 2500, 3, 1), ==, CW_GIFT_FLAG_CASH);
  /* Even a little cash, and over the threshold both flags. */
  cw_gift_declaration_set_value_pence (gift, 3000);
  g_assert_cmpint (cw_gift_compute_flags (gift, 2500, 3, 1), ==,
                   CW_GIFT_FLAG_CASH | CW_GIFT_FLAG_OVER_THRESHOLD);
}

static CwGiftDeclaration *
history_gift (gint64      id,
              int         year,
              int         month,
              int         day,
              gint64      child_id,
              const char *family)
{
  CwGiftDeclaration *gift = make_gift (year, month, day, child_id, family, 300);

  cw_gift_declaration_set_id (gift, id);
  return gift;
}

static void
test_rule_repeated (void)
{
  g_autoptr(CwGiftDeclaration) gift = history_gift (10, 2025, 3, 15, 7, NULL);
  g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func (g_object_unref);

  /* Alone: one gift. */
  g_assert_cmpuint (cw_gift_count_in_window (gift, others, 12), ==, 1);

  /* Exactly twelve months before is outside the window; a day later is in. */
  g_ptr_array_add (others, history_gift (1, 2024, 3, 15, 7, NULL));
  g_assert_cmpuint (cw_gift_count_in_window (gift, others, 12), ==, 1);
  g_ptr_array_add (others, history_gift (2, 2024, 3, 16, 7, NULL));
  g_assert_cmpuint (cw_gift_count_in_window (gift, others, 12), ==, 2);

  /* Two gifts do not make a pattern with the default of three. */
  g_assert_cmpint (cw_gift_compute_flags (gift, 2500, 3, 2) & CW_GIFT_FLAG_REPEATED, ==, 0);

  /* Not counted: another child, the other direction, a later gift, itself. */
  g_ptr_array_add (others, history_gift (3, 2025, 1, 1, 8, NULL));
  {
    CwGiftDeclaration *given = history_gift (4, 2025, 1, 2, 7, NULL);

    cw_gift_declaration_set_direction (given, CW_GIFT_GIVEN);
    g_ptr_array_add (others, given);
  }
  g_ptr_array_add (others, history_gift (5, 2025, 3, 16, 7, NULL));
  g_ptr_array_add (others, history_gift (10, 2025, 3, 1, 7, NULL));
  g_assert_cmpuint (cw_gift_count_in_window (gift, others, 12), ==, 2);

  /* The third, on the gift's own day, makes three: repeated. */
  g_ptr_array_add (others, history_gift (6, 2025, 3, 15, 7, NULL));
  g_assert_cmpuint (cw_gift_count_in_window (gift, others, 12), ==, 3);
  g_assert_cmpint (cw_gift_compute_flags (gift, 2500, 3, 3), ==, CW_GIFT_FLAG_REPEATED);

  /* A shorter window (a setting) leaves the March 2024 gift out. */
  g_assert_cmpuint (cw_gift_count_in_window (gift, others, 6), ==, 2);

  /* With the setting at two, two gifts are already a pattern. */
  g_assert_cmpint (cw_gift_compute_flags (gift, 2500, 2, 2), ==, CW_GIFT_FLAG_REPEATED);
}

static void
test_rule_same_party (void)
{
  g_autoptr(CwGiftDeclaration) a = history_gift (1, 2025, 3, 15, 0, "Zoë  Smith");
  g_autoptr(CwGiftDeclaration) b = history_gift (2, 2025, 3, 1, 0, " zoe smith ");
  g_autoptr(CwGiftDeclaration) c = history_gift (3, 2025, 3, 1, 0, "Zoe Smithson");
  g_autoptr(CwGiftDeclaration) d = history_gift (4, 2025, 3, 1, 9, "");
  g_autoptr(CwGiftDeclaration) e = history_gift (5, 2025, 3, 1, 9, "Zoe Smith");
  g_autoptr(GPtrArray) others = g_ptr_array_new ();

  g_assert_true (cw_gift_same_party (a, b));
  g_assert_false (cw_gift_same_party (a, c));
  g_assert_false (cw_gift_same_party (a, d));
  /* The same child, or the same named family member, is the same family. */
  g_assert_true (cw_gift_same_party (d, e));
  g_assert_true (cw_gift_same_party (a, e));

  g_ptr_array_add (others, b);
  g_ptr_array_add (others, c);
  g_ptr_array_add (others, e);
  g_assert_cmpuint (cw_gift_count_in_window (a, others, 12), ==, 3);
}

static void
test_rule_outside_plan (void)
{
  g_autoptr(CwGiftDeclaration) gift = make_gift (2025, 3, 10, 1, NULL, 500);

  /* Received gifts are never "outside a plan". */
  g_assert_cmpint (cw_gift_compute_flags (gift, 2500, 3, 1), ==, CW_GIFT_FLAG_NONE);

  cw_gift_declaration_set_direction (gift, CW_GIFT_GIVEN);
  g_assert_cmpint (cw_gift_compute_flags (gift, 2500, 3, 1), ==, CW_GIFT_FLAG_OUTSIDE_PLAN);

  /* Insignificant and the same for all: fine. */
  cw_gift_declaration_set_same_given_to_all (gift, TRUE);
  g_assert_cmpint (cw_gift_compute_flags (gift, 2500, 3, 1), ==, CW_GIFT_FLAG_NONE);
  cw_gift_declaration_set_value_pence (gift, 2500);
  g_assert_cmpint (cw_gift_compute_flags (gift, 2500, 3, 1), ==, CW_GIFT_FLAG_NONE);

  /* The same for all but not insignificant: outside a plan, and over. */
  cw_gift_declaration_set_value_pence (gift, 2501);
  g_assert_cmpint (cw_gift_compute_flags (gift, 2500, 3, 1), ==,
                   CW_GIFT_FLAG_OUTSIDE_PLAN | CW_GIFT_FLAG_OVER_THRESHOLD);

  /* Part of an agreed plan: not outside, whatever the value. */
  cw_gift_declaration_set_same_given_to_all (gift, FALSE);
  cw_gift_declaration_set_part_of_plan (gift, TRUE);
  g_assert_cmpint (cw_gift_compute_flags (gift, 2500, 3, 1), ==,
                   CW_GIFT_FLAG_OVER_THRESHOLD);
}

static void
test_rule_names (void)
{
  g_autofree char *flags = cw_gift_flags_to_string (CW_GIFT_FLAG_CASH | CW_GIFT_FLAG_REPEATED);
  g_autofree char *none = cw_gift_flags_to_string (CW_GIFT_FLAG_NONE);
  g_autofree char *money = cw_gift_format_pence (2505);
  CwGiftDirection direction;

  g_assert_cmpstr (flags, ==, "Cash, Repeated");
  g_assert_cmpstr (none, ==, "");
  g_assert_cmpstr (money, ==, "£25.05");
  g_assert_cmpstr (cw_gift_decision_get_id (CW_GIFT_DONATED), ==, "donated");
  g_assert_cmpint (cw_gift_decision_from_id ("returned"), ==, CW_GIFT_RETURNED);
  g_assert_cmpint (cw_gift_decision_from_id (NULL), ==, CW_GIFT_UNDECIDED);
  g_assert_true (cw_gift_direction_from_id ("given", &direction));
  g_assert_cmpint (direction, ==, CW_GIFT_GIVEN);
  g_assert_false (cw_gift_direction_from_id ("lent", &direction));
  g_assert_cmpstr (cw_gift_flag_get_explanation (CW_GIFT_FLAG_CASH), ==,
                   "Cash is never accepted.");
}

/* The register ------------------------------------------------------------ */

static void
test_declare_flags (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  CwSession *session = sign_in (fixture, "pat");
  g_autoptr(CwGiftRegister) gifts = cw_gift_register_new (session);
  g_autoptr(CwGiftDeclaration) at = make_gift (2025, 1, 10, child_alpha, NULL, 2500);
  g_autoptr(CwGiftDeclaration) over = make_gift (2025, 1, 11, 0, "Mr Other", 2501);
  g_autoptr(CwGiftDeclaration) stored_at = NULL;
  g_autoptr(CwGiftDeclaration) stored_over = NULL;
  g_autoptr(CwGiftDeclaration) reread = NULL;

  stored_at = declare (gifts, at);
  g_assert_cmpint (cw_gift_declaration_get_flags (stored_at), ==, CW_GIFT_FLAG_NONE);
  g_assert_cmpint (cw_gift_declaration_get_staff_id (stored_at), ==, id_of ("pat"));
  g_assert_cmpstr (cw_gift_declaration_get_staff_name (stored_at), ==, "Pat Practitioner");
  g_assert_cmpint (cw_gift_declaration_get_declared_at (stored_at), >, 0);
  g_assert_cmpint (cw_gift_declaration_get_decision (stored_at), ==, CW_GIFT_UNDECIDED);
  g_assert_cmpstr (cw_gift_declaration_get_child_name (stored_at), ==,
                   CHILD_GIVEN " " CHILD_FAMILY);

  stored_over = declare (gifts, over);
  g_assert_cmpint (cw_gift_declaration_get_flags (stored_over), ==,
                   CW_GIFT_FLAG_OVER_THRESHOLD);

  /* What is stored is what comes back. */
  reread = cw_gift_register_load (gifts, cw_gift_declaration_get_id (stored_over), 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cw_gift_declaration_get_flags (reread), ==, CW_GIFT_FLAG_OVER_THRESHOLD);
  g_assert_cmpint (cw_gift_declaration_get_value_pence (reread), ==, 2501);
  g_assert_cmpstr (cw_gift_declaration_get_family_member_name (reread), ==, "Mr Other");
  g_assert_null (cw_gift_declaration_get_child_name (reread));

  /* Cash. */
  {
    g_autoptr(CwGiftDeclaration) cash = make_gift (2025, 1, 12, 0, "Mrs Cash", 1000);
    g_autoptr(CwGiftDeclaration) stored = NULL;

    cw_gift_declaration_set_cash (cash, TRUE);
    stored = declare (gifts, cash);
    g_assert_cmpint (cw_gift_declaration_get_flags (stored), ==, CW_GIFT_FLAG_CASH);
  }

  /* Given outside a plan, and then inside one. */
  {
    g_autoptr(CwGiftDeclaration) given = make_gift (2025, 1, 13, child_alpha, NULL, 800);
    g_autoptr(CwGiftDeclaration) stored = NULL;
    g_autoptr(CwGiftDeclaration) planned = NULL;

    cw_gift_declaration_set_direction (given, CW_GIFT_GIVEN);
    stored = declare (gifts, given);
    g_assert_cmpint (cw_gift_declaration_get_flags (stored), ==, CW_GIFT_FLAG_OUTSIDE_PLAN);

    cw_gift_declaration_set_part_of_plan (given, TRUE);
    cw_gift_declaration_set_plan_name (given, "Leaving plan");
    cw_gift_declaration_set_plan_agreed_with (given, "Head of service and mother");
    planned = declare (gifts, given);
    g_assert_cmpint (cw_gift_declaration_get_flags (planned), ==, CW_GIFT_FLAG_NONE);
    g_assert_cmpstr (cw_gift_declaration_get_plan_agreed_with (planned), ==,
                     "Head of service and mother");
  }

  /* Repeated, from the stored history: the same family three times in
   * twelve months; a gift exactly twelve months before does not count. */
  {
    struct { int y, m, d; } dates[] = { { 2023, 6, 1 }, { 2024, 6, 1 }, { 2024, 12, 25 },
                                        { 2025, 5, 31 } };
    /* 2024-06-01: the gift exactly twelve months before is outside. */
    guint expected_counts[] = { 1, 1, 2, 3 };

    for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
      {
        g_autoptr(CwGiftDeclaration) gift = make_gift (dates[i].y, dates[i].m, dates[i].d, 0,
                                                       "Mrs Regular", 300);
        g_autoptr(CwGiftDeclaration) stored = declare (gifts, gift);

        g_assert_cmpuint (cw_gift_declaration_get_repeat_count (stored), ==,
                          expected_counts[i]);
        g_assert_cmpint (cw_gift_declaration_get_flags (stored), ==,
                         expected_counts[i] >= 3 ? CW_GIFT_FLAG_REPEATED : CW_GIFT_FLAG_NONE);
      }
  }

  end_session (session);

  /* The settings decide: an administrator lowers the threshold and the
   * number of gifts that counts as regular. */
  session = sign_in (fixture, "admin");
  g_assert_true (cw_session_set_setting (session, "gift-threshold-pence", "1000", &error));
  g_assert_no_error (error);
  g_assert_true (cw_session_set_setting (session, "gift-repeat-count", "2", &error));
  g_assert_no_error (error);
  end_session (session);

  session = sign_in (fixture, "pat");
  {
    g_autoptr(CwGiftRegister) again = cw_gift_register_new (session);
    g_autoptr(CwGiftDeclaration) first = make_gift (2025, 2, 1, 0, "Mr Twice", 1001);
    g_autoptr(CwGiftDeclaration) second = make_gift (2025, 2, 2, 0, "Mr Twice", 1000);
    g_autoptr(CwGiftDeclaration) stored_first = declare (again, first);
    g_autoptr(CwGiftDeclaration) stored_second = declare (again, second);

    g_assert_cmpint (cw_gift_declaration_get_flags (stored_first), ==,
                     CW_GIFT_FLAG_OVER_THRESHOLD);
    g_assert_cmpint (cw_gift_declaration_get_flags (stored_second), ==, CW_GIFT_FLAG_REPEATED);
    g_assert_cmpuint (cw_gift_declaration_get_repeat_count (stored_second), ==, 2);
  }
  end_session (session);
}

static void
test_declare_validation (Fixture       *fixture,
                         gconstpointer  user_data)
{
  CwSession *session = sign_in (fixture, "pat");
  g_autoptr(CwGiftRegister) gifts = cw_gift_register_new (session);
  struct
  {
    const char *what;
    int         code;
  } expected[] = {
    { "no description", CW_GIFT_ERROR_INVALID },
    { "nobody", CW_GIFT_ERROR_INVALID },
    { "future", CW_GIFT_ERROR_INVALID },
    { "negative", CW_GIFT_ERROR_INVALID },
    { "plan without name", CW_GIFT_ERROR_INVALID },
    { "no date", CW_GIFT_ERROR_INVALID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CwGiftDeclaration) gift = make_gift (2025, 3, 10, 0, "Mrs Valid", 100);
      g_autoptr(CwGiftDeclaration) stored = NULL;
      GDate future;

      switch (i)
        {
        case 0:
          cw_gift_declaration_set_description (gift, "   ");
          break;
        case 1:
          cw_gift_declaration_set_family_member_name (gift, "");
          break;
        case 2:
          set_date (&future, 2999, 1, 1);
          cw_gift_declaration_set_date (gift, &future);
          break;
        case 3:
          cw_gift_declaration_set_value_pence (gift, -1);
          break;
        case 4:
          cw_gift_declaration_set_direction (gift, CW_GIFT_GIVEN);
          cw_gift_declaration_set_part_of_plan (gift, TRUE);
          break;
        case 5:
          cw_gift_declaration_set_date (gift, NULL);
          break;
        default:
          g_assert_not_reached ();
        }

      stored = cw_gift_register_declare (gifts, gift, &error);
      g_test_message ("%s: %s", expected[i].what, error != NULL ? error->message : "stored");
      g_assert_error (error, CW_GIFT_ERROR, expected[i].code);
      g_assert_null (stored);
      /* A sentence for a person. */
      g_assert_true (g_ascii_isupper (error->message[0]));
      g_assert_true (g_str_has_suffix (error->message, "."));
    }

  /* A child whose record pat may not see is refused. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CwGiftDeclaration) gift = make_gift (2025, 3, 10, child_bravo, NULL, 100);

    g_assert_null (cw_gift_register_declare (gifts, gift, &error));
    g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  }

  /* Nothing was stored. */
  g_assert_cmpint (cw_gift_register_count (gifts, NULL), ==, 0);

  end_session (session);
}

static void
test_visibility (Fixture       *fixture,
                 gconstpointer  user_data)
{
  const char *people[] = { "pat", "sam", "mona", "dee", "admin" };
  gint64 ids[G_N_ELEMENTS (people)];
  CwSession *session;

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      session = sign_in (fixture, people[i]);
      ids[i] = declare_simple (session, "Mrs Family", 100);
      end_session (session);
    }

  /* Newest first: same date, so by id descending. */
  {
    struct { const char *who; gint64 sees[5]; guint n; } cases[] = {
      { "pat", { ids[0] }, 1 },
      { "sam", { ids[1] }, 1 },
      { "mona", { ids[2], ids[0] }, 2 },           /* own and her team's */
      { "dee", { ids[4], ids[3], ids[2], ids[1], ids[0] }, 5 },
      { "admin", { ids[4] }, 1 },                   /* own only */
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *expected = ids_string (cases[i].sees, cases[i].n);
        g_autofree char *seen = NULL;

        session = sign_in (fixture, cases[i].who);
        seen = visible_ids (session, NULL);
        g_assert_cmpstr (seen, ==, expected);
        end_session (session);
      }
  }

  /* Loading someone else's declaration one may not see: not found. */
  session = sign_in (fixture, "mona");
  {
    g_autoptr(CwGiftRegister) gifts = cw_gift_register_new (session);
    g_autoptr(GError) error = NULL;
    g_autoptr(CwGiftDeclaration) gift = NULL;

    gift = cw_gift_register_load (gifts, ids[1], 0, &error);
    g_assert_error (error, CW_GIFT_ERROR, CW_GIFT_ERROR_NOT_FOUND);
    g_assert_null (gift);
    g_clear_error (&error);

    gift = cw_gift_register_load (gifts, ids[0], 0, &error);
    g_assert_no_error (error);
    g_assert_nonnull (gift);
    g_assert_true (audit_has (session, "view|gift|%" G_GINT64_FORMAT
                                                        "|version 1", ids[0]));
  }
  end_session (session);
}

static void
test_decide (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  CwSession *session;
  gint64 pat_gift, pat_gift2, sam_gift, mona_gift;

  session = sign_in (fixture, "pat");
  pat_gift = declare_simple (session, "Mrs One", 100);
  pat_gift2 = declare_simple (session, "Mrs Two", 100);
  /* Nobody decides their own. */
  {
    g_autoptr(CwGiftRegister) gifts = cw_gift_register_new (session);

    g_assert_false (cw_gift_register_decide (gifts, pat_gift, CW_GIFT_ACCEPTED, "Fine", &error));
    g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
    g_clear_error (&error);
    g_assert_cmpint (cw_gift_register_count_awaiting_decision (gifts), ==, 0);
  }
  end_session (session);

  session = sign_in (fixture, "sam");
  sam_gift = declare_simple (session, "Mr Sam", 100);
  {
    g_autoptr(CwGiftRegister) gifts = cw_gift_register_new (session);

    /* Not sam's team: as if it did not exist. */
    g_assert_false (cw_gift_register_decide (gifts, pat_gift, CW_GIFT_ACCEPTED, "Fine", &error));
    g_assert_error (error, CW_GIFT_ERROR, CW_GIFT_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  end_session (session);

  session = sign_in (fixture, "mona");
  mona_gift = declare_simple (session, "Mrs Mona", 100);
  {
    g_autoptr(CwGiftRegister) gifts = cw_gift_register_new (session);
    g_autoptr(CwGiftDeclaration) decided = NULL;
    CwGiftFilter filter;

    /* Her waiting list: pat's two, not her own, not sam's. */
    g_assert_cmpint (cw_gift_register_count_awaiting_decision (gifts), ==, 2);
    cw_gift_filter_init (&filter);
    filter.awaiting_me = TRUE;
    {
      gint64 expected_ids[] = { pat_gift2, pat_gift };
      g_autofree char *expected = ids_string (expected_ids, 2);
      g_autofree char *seen = visible_ids (session, &filter);

      g_assert_cmpstr (seen, ==, expected);
    }

    g_assert_false (cw_gift_register_decide (gifts, mona_gift, CW_GIFT_ACCEPTED, "Fine",
                                             &error));
    g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
    g_clear_error (&error);

    /* A reason is needed, and a real decision. */
    g_assert_false (cw_gift_register_decide (gifts, pat_gift, CW_GIFT_RETURNED, " ", &error));
    g_assert_error (error, CW_GIFT_ERROR, CW_GIFT_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (cw_gift_register_decide (gifts, pat_gift, CW_GIFT_UNDECIDED, "Hmm",
                                             &error));
    g_assert_error (error, CW_GIFT_ERROR, CW_GIFT_ERROR_INVALID);
    g_clear_error (&error);

    g_assert_true (cw_gift_register_decide (gifts, pat_gift, CW_GIFT_RETURNED,
                                            "Too generous; returned with thanks", &error));
    g_assert_no_error (error);
    g_assert_cmpint (cw_gift_register_count_awaiting_decision (gifts), ==, 1);

    decided = cw_gift_register_load (gifts, pat_gift, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpint (cw_gift_declaration_get_decision (decided), ==, CW_GIFT_RETURNED);
    g_assert_cmpstr (cw_gift_declaration_get_decision_reason (decided), ==,
                     "Too generous; returned with thanks");
    g_assert_cmpint (cw_gift_declaration_get_decided_by (decided), ==, id_of ("mona"));
    g_assert_cmpstr (cw_gift_declaration_get_decided_by_name (decided), ==, "Mona Manager");
    g_assert_cmpint (cw_gift_declaration_get_version (decided), ==, 1);

    /* Deciding again is refused. */
    g_assert_false (cw_gift_register_decide (gifts, pat_gift, CW_GIFT_ACCEPTED, "Fine",
                                             &error));
    g_assert_error (error, CW_GIFT_ERROR, CW_GIFT_ERROR_STATE);
    g_clear_error (&error);

    g_assert_true (audit_has (session, "gift-decide|gift|%" G_GINT64_FORMAT
                                                        "|version 1; returned", pat_gift));
  }
  end_session (session);

  /* The DSL decides anyone's, the administrator nobody's. */
  session = sign_in (fixture, "dee");
  {
    g_autoptr(CwGiftRegister) gifts = cw_gift_register_new (session);

    g_assert_cmpint (cw_gift_register_count_awaiting_decision (gifts), ==, 3);
    g_assert_true (cw_gift_register_decide (gifts, sam_gift, CW_GIFT_DONATED, "To the toy box",
                                            &error));
    g_assert_no_error (error);
    g_assert_true (cw_gift_register_decide (gifts, mona_gift, CW_GIFT_DECLINED, "Not allowed",
                                            &error));
    g_assert_no_error (error);
    g_assert_cmpint (cw_gift_register_count_awaiting_decision (gifts), ==, 1);
  }
  end_session (session);

  session = sign_in (fixture, "admin");
  {
    g_autoptr(CwGiftRegister) gifts = cw_gift_register_new (session);

    g_assert_cmpint (cw_gift_register_count_awaiting_decision (gifts), ==, 0);
    g_assert_false (cw_gift_register_decide (gifts, pat_gift2, CW_GIFT_ACCEPTED, "Fine",
                                             &error));
    g_assert_error (error, CW_GIFT_ERROR, CW_GIFT_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  end_session (session);
}

static void
test_versions (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  CwSession *session;
  gint64 gift_id;
  g_autofree char *sql = NULL;

  session = sign_in (fixture, "pat");
  gift_id = declare_simple (session, "Mrs Version", 100);
  end_session (session);

  session = sign_in (fixture, "mona");
  {
    g_autoptr(CwGiftRegister) gifts = cw_gift_register_new (session);

    /* Changing a decision that was never made is refused. */
    g_assert_false (cw_gift_register_change_decision (gifts, gift_id, CW_GIFT_DECLINED,
                                                      "No", "Mistake", &error));
    g_assert_error (error, CW_GIFT_ERROR, CW_GIFT_ERROR_STATE);
    g_clear_error (&error);

    g_assert_true (cw_gift_register_decide (gifts, gift_id, CW_GIFT_ACCEPTED, "Token", &error));
    g_assert_no_error (error);

    /* The database itself refuses to change or delete a decided version. */
    sql = g_strdup_printf ("UPDATE gift_versions SET description = 'Tampered' "
                           "WHERE gift_id = %" G_GINT64_FORMAT, gift_id);
    g_assert_false (cw_database_exec (cw_session_get_database (session), sql, &error));
    g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
    g_clear_error (&error);
    g_free (sql);
    sql = g_strdup_printf ("UPDATE gift_versions SET decision_reason = 'Tampered' "
                           "WHERE gift_id = %" G_GINT64_FORMAT, gift_id);
    g_assert_false (cw_database_exec (cw_session_get_database (session), sql, &error));
    g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
    g_clear_error (&error);
    g_free (sql);
    sql = g_strdup_printf ("DELETE FROM gift_versions WHERE gift_id = %" G_GINT64_FORMAT,
                           gift_id);
    g_assert_false (cw_database_exec (cw_session_get_database (session), sql, &error));
    g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
    g_clear_error (&error);
    g_free (sql);
    sql = g_strdup_printf ("DELETE FROM gifts WHERE id = %" G_GINT64_FORMAT, gift_id);
    g_assert_false (cw_database_exec (cw_session_get_database (session), sql, &error));
    g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
    g_clear_error (&error);

    /* Only the declarer corrects what was declared. */
    {
      g_autoptr(CwGiftDeclaration) changed = make_gift (2025, 3, 10, 0, "Mrs Version", 900);

      g_assert_null (cw_gift_register_correct (gifts, gift_id, changed, "Typo", &error));
      g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
      g_clear_error (&error);
    }
  }
  end_session (session);

  session = sign_in (fixture, "pat");
  {
    g_autoptr(CwGiftRegister) gifts = cw_gift_register_new (session);
    g_autoptr(CwGiftDeclaration) changed = make_gift (2025, 3, 10, 0, "Mrs Version", 3000);
    g_autoptr(CwGiftDeclaration) corrected = NULL;
    g_autoptr(GPtrArray) versions = NULL;
    CwGiftDeclaration *v1, *v2;

    /* A correction needs a reason. */
    g_assert_null (cw_gift_register_correct (gifts, gift_id, changed, "", &error));
    g_assert_error (error, CW_GIFT_ERROR, CW_GIFT_ERROR_INVALID);
    g_clear_error (&error);

    corrected = cw_gift_register_correct (gifts, gift_id, changed,
                                          "The value was £30, not £1", &error);
    g_assert_no_error (error);
    g_assert_nonnull (corrected);
    g_assert_cmpint (cw_gift_declaration_get_version (corrected), ==, 2);
    g_assert_cmpint (cw_gift_declaration_get_decision (corrected), ==, CW_GIFT_UNDECIDED);
    g_assert_cmpint (cw_gift_declaration_get_flags (corrected), ==,
                     CW_GIFT_FLAG_OVER_THRESHOLD);
    g_assert_cmpstr (cw_gift_declaration_get_correction_reason (corrected), ==,
                     "The value was £30, not £1");

    versions = cw_gift_register_list_versions (gifts, gift_id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (versions->len, ==, 2);
    v1 = g_ptr_array_index (versions, 0);
    v2 = g_ptr_array_index (versions, 1);
    g_assert_cmpint (cw_gift_declaration_get_value_pence (v1), ==, 100);
    g_assert_cmpint (cw_gift_declaration_get_decision (v1), ==, CW_GIFT_ACCEPTED);
    g_assert_cmpint (cw_gift_declaration_get_value_pence (v2), ==, 3000);
    g_assert_cmpint (cw_gift_declaration_get_decision (v2), ==, CW_GIFT_UNDECIDED);

    /* The list shows the current version; the correction waits again. */
    {
      g_autoptr(GListModel) model = cw_gift_register_list (gifts, NULL);
      g_autoptr(CwGiftDeclaration) item = g_list_model_get_item (model, 0);

      g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
      g_assert_cmpint (cw_gift_declaration_get_version (item), ==, 2);
      g_assert_cmpint (cw_gift_declaration_get_value_pence (item), ==, 3000);
    }
    g_assert_true (audit_has (session, "gift-correct|gift|%" G_GINT64_FORMAT
                                                        "|version 2; flags: over-threshold",
                                                        gift_id));
  }
  end_session (session);

  session = sign_in (fixture, "mona");
  {
    g_autoptr(CwGiftRegister) gifts = cw_gift_register_new (session);
    g_autoptr(CwGiftDeclaration) current = NULL;
    g_autoptr(CwGiftDeclaration) v2 = NULL;

    g_assert_cmpint (cw_gift_register_count_awaiting_decision (gifts), ==, 1);
    g_assert_true (cw_gift_register_decide (gifts, gift_id, CW_GIFT_ACCEPTED, "Still fine",
                                            &error));
    g_assert_no_error (error);

    /* A different decision: a new version with both reasons. */
    g_assert_false (cw_gift_register_change_decision (gifts, gift_id, CW_GIFT_RETURNED,
                                                      "Over the limit", "", &error));
    g_assert_error (error, CW_GIFT_ERROR, CW_GIFT_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_true (cw_gift_register_change_decision (gifts, gift_id, CW_GIFT_RETURNED,
                                                     "Over the limit",
                                                     "I missed the value", &error));
    g_assert_no_error (error);

    current = cw_gift_register_load (gifts, gift_id, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpint (cw_gift_declaration_get_version (current), ==, 3);
    g_assert_cmpint (cw_gift_declaration_get_decision (current), ==, CW_GIFT_RETURNED);
    g_assert_cmpstr (cw_gift_declaration_get_correction_reason (current), ==,
                     "I missed the value");
    g_assert_cmpint (cw_gift_declaration_get_value_pence (current), ==, 3000);
    g_assert_cmpint (cw_gift_declaration_get_flags (current), ==, CW_GIFT_FLAG_OVER_THRESHOLD);

    v2 = cw_gift_register_load (gifts, gift_id, 2, &error);
    g_assert_no_error (error);
    g_assert_cmpint (cw_gift_declaration_get_decision (v2), ==, CW_GIFT_ACCEPTED);
    g_assert_cmpstr (cw_gift_declaration_get_decision_reason (v2), ==, "Still fine");

    /* A superseded version cannot be changed either. */
    g_free (sql);
    sql = g_strdup_printf ("UPDATE gift_versions SET decision = NULL, decided_by = NULL, "
                           "decided_at = NULL WHERE gift_id = %" G_GINT64_FORMAT
                           " AND version = 2", gift_id);
    g_assert_false (cw_database_exec (cw_session_get_database (session), sql, &error));
    g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
    g_clear_error (&error);

    g_assert_true (audit_has (session, "gift-decision-change|gift|%"
                                                        G_GINT64_FORMAT "|version 3; returned",
                                                        gift_id));
  }
  end_session (session);
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  user_data)
{
  CwSession *session = sign_in (fixture, "pat");
  g_autoptr(CwGiftRegister) gifts = cw_gift_register_new (session);
  g_autoptr(CwGiftDeclaration) a = make_gift (2024, 5, 1, child_alpha, NULL, 100);
  g_autoptr(CwGiftDeclaration) b = make_gift (2024, 8, 1, child_charlie, NULL, 5000);
  g_autoptr(CwGiftDeclaration) c = make_gift (2025, 1, 1, 0, "Mr Cash", 100);
  g_autoptr(CwGiftDeclaration) sa = NULL, sb = NULL, sc = NULL;
  CwGiftFilter filter;
  gint64 ids[3];

  cw_gift_declaration_set_cash (c, TRUE);
  sa = declare (gifts, a);
  sb = declare (gifts, b);
  sc = declare (gifts, c);
  ids[0] = cw_gift_declaration_get_id (sa);
  ids[1] = cw_gift_declaration_get_id (sb);
  ids[2] = cw_gift_declaration_get_id (sc);

  {
    struct { const char *what; gint64 expected[3]; guint n; } cases[] = {
      { "all", { ids[2], ids[1], ids[0] }, 3 },
      { "child", { ids[0] }, 1 },
      { "from", { ids[2], ids[1] }, 2 },
      { "to", { ids[1], ids[0] }, 2 },
      { "range", { ids[1] }, 1 },
      { "flag over", { ids[1] }, 1 },
      { "flag cash or over", { ids[2], ids[1] }, 2 },
      { "staff", { ids[2], ids[1], ids[0] }, 3 },
      { "other staff", { 0 }, 0 },
      { "undecided", { ids[2], ids[1], ids[0] }, 3 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *expected = ids_string (cases[i].expected, cases[i].n);
        g_autofree char *seen = NULL;

        cw_gift_filter_init (&filter);
        switch (i)
          {
          case 1: filter.child_id = child_alpha; break;
          case 2: set_date (&filter.from, 2024, 8, 1); break;
          case 3: set_date (&filter.to, 2024, 8, 1); break;
          case 4:
            set_date (&filter.from, 2024, 6, 1);
            set_date (&filter.to, 2024, 12, 31);
            break;
          case 5: filter.any_flags = CW_GIFT_FLAG_OVER_THRESHOLD; break;
          case 6: filter.any_flags = CW_GIFT_FLAG_OVER_THRESHOLD | CW_GIFT_FLAG_CASH; break;
          case 7: filter.staff_id = id_of ("pat"); break;
          case 8: filter.staff_id = id_of ("sam"); break;
          case 9: filter.undecided_only = TRUE; break;
          default: break;
          }

        seen = visible_ids (session, &filter);
        g_test_message ("filter %s", cases[i].what);
        g_assert_cmpstr (seen, ==, expected);
        g_assert_cmpint (cw_gift_register_count (gifts, &filter), ==, cases[i].n);
      }
  }

  end_session (session);
}

static void
test_child_name_need_to_know (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  CwSession *session = sign_in (fixture, "pat");
  gint64 alpha_gift, charlie_gift;

  {
    g_autoptr(CwGiftRegister) gifts = cw_gift_register_new (session);
    g_autoptr(CwGiftDeclaration) a = make_gift (2025, 1, 1, child_alpha, NULL, 100);
    g_autoptr(CwGiftDeclaration) c = make_gift (2025, 1, 2, child_charlie, NULL, 100);
    g_autoptr(CwGiftDeclaration) sa = declare (gifts, a);
    g_autoptr(CwGiftDeclaration) sc = declare (gifts, c);

    alpha_gift = cw_gift_declaration_get_id (sa);
    charlie_gift = cw_gift_declaration_get_id (sc);
    g_assert_cmpstr (cw_gift_declaration_get_child_name (sc), ==, "Cleo Charlie");
  }
  end_session (session);

  /* mona manages pat: she sees both declarations, but the name only of the
   * child she may see (ALPHA, allocated to her team), not CHARLIE. */
  session = sign_in (fixture, "mona");
  {
    g_autoptr(CwGiftRegister) gifts = cw_gift_register_new (session);
    g_autoptr(CwGiftDeclaration) a = cw_gift_register_load (gifts, alpha_gift, 0, &error);
    g_autoptr(CwGiftDeclaration) c = NULL;

    g_assert_no_error (error);
    c = cw_gift_register_load (gifts, charlie_gift, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (cw_gift_declaration_get_child_name (a), ==, CHILD_GIVEN " " CHILD_FAMILY);
    g_assert_null (cw_gift_declaration_get_child_name (c));
    g_assert_cmpint (cw_gift_declaration_get_child_id (c), ==, child_charlie);
  }
  end_session (session);

  session = sign_in (fixture, "dee");
  {
    g_autoptr(CwGiftRegister) gifts = cw_gift_register_new (session);
    g_autoptr(CwGiftDeclaration) c = cw_gift_register_load (gifts, charlie_gift, 0, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (cw_gift_declaration_get_child_name (c), ==, "Cleo Charlie");
  }
  end_session (session);
}

static void
test_audit_content (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  CwSession *session = sign_in (fixture, "pat");
  gint64 gift_id;

  {
    g_autoptr(CwGiftRegister) gifts = cw_gift_register_new (session);
    g_autoptr(CwGiftDeclaration) gift = make_gift (2025, 1, 1, child_alpha, DISTINCTIVE_FAMILY,
                                                   4000);
    g_autoptr(CwGiftDeclaration) stored = NULL;

    cw_gift_declaration_set_description (gift, DISTINCTIVE_TEXT);
    cw_gift_declaration_set_cash (gift, TRUE);
    stored = declare (gifts, gift);
    gift_id = cw_gift_declaration_get_id (stored);

    g_assert_true (audit_has (session, "gift-declare|gift|%" G_GINT64_FORMAT
                                               "|flags: over-threshold,cash", gift_id));
  }
  end_session (session);

  session = sign_in (fixture, "mona");
  {
    g_autoptr(CwGiftRegister) gifts = cw_gift_register_new (session);

    g_assert_true (cw_gift_register_decide (gifts, gift_id, CW_GIFT_RETURNED,
                                            "Returned the " DISTINCTIVE_TEXT, &error));
    g_assert_no_error (error);

    g_assert_false (audit_mentions (session, DISTINCTIVE_TEXT));
    g_assert_false (audit_mentions (session, DISTINCTIVE_FAMILY));
    g_assert_false (audit_mentions (session, CHILD_GIVEN));
    g_assert_false (audit_mentions (session, CHILD_FAMILY));
  }
  end_session (session);
}

/* Deep pages ------------------------------------------------------------- */

/* A manager's, a practitioner's and the DSL's lists with flag, child and
 * date filters, read in small pages from deep positions, give the rows
 * and order a plain query gives (visible rows newest first, ties by id). */
static void
test_deep_pages (Fixture       *fixture,
                 gconstpointer  user_data)
{
  const char *people[] = { "pat", "sam", "mona", "dee" };
  const struct { const char *who; guint n_all; } viewers[] = {
    { "mona", 24 }, { "pat", 12 }, { "dee", 48 }, { "sam", 12 },
  };
  CwSession *session;

  for (guint p = 0; p < G_N_ELEMENTS (people); p++)
    {
      session = sign_in (fixture, people[p]);
      {
        g_autoptr(CwGiftRegister) gifts = cw_gift_register_new (session);
        gint64 child = g_str_equal (people[p], "sam") ? child_bravo : child_alpha;

        for (guint i = 0; i < 12; i++)
          {
            /* Three months, two days each: many ties, ordered by id. */
            g_autoptr(CwGiftDeclaration) gift = make_gift (2024, 1 + (i * 5 + p) % 3,
                                                           1 + (i % 2) * 14,
                                                           i % 3 == 0 ? child : 0,
                                                           "Mrs Family", 100);
            g_autoptr(CwGiftDeclaration) stored = NULL;

            cw_gift_declaration_set_cash (gift, (i + p) % 4 == 1);
            stored = declare (gifts, gift);
          }
      }
      end_session (session);
    }

  for (guint v = 0; v < G_N_ELEMENTS (viewers); v++)
    {
      gint64 me = id_of (viewers[v].who);
      gboolean all = g_str_equal (viewers[v].who, "dee");

      session = sign_in (fixture, viewers[v].who);
      for (guint f = 0; f < 6; f++)
        {
          g_autoptr(CwGiftRegister) gifts = cw_gift_register_new (session);
          g_autoptr(GListModel) model = NULL;
          g_autoptr(GArray) expected = NULL;
          g_autofree char *condition = NULL;
          g_autofree char *sql = NULL;
          CwGiftFilter filter;

          cw_gift_filter_init (&filter);
          switch (f)
            {
            case 0:
              condition = g_strdup ("1");
              break;
            case 1:
              filter.any_flags = CW_GIFT_FLAG_CASH;
              condition = g_strdup_printf ("(v.flags & %d) <> 0", CW_GIFT_FLAG_CASH);
              break;
            case 2:
              filter.child_id = child_alpha;
              condition = g_strdup_printf ("v.child_id = %" G_GINT64_FORMAT, child_alpha);
              break;
            case 3:
              set_date (&filter.from, 2024, 2, 1);
              set_date (&filter.to, 2024, 3, 1);
              condition = g_strdup ("v.gift_date BETWEEN '2024-02-01' AND '2024-03-01'");
              break;
            case 4:
              filter.any_flags = CW_GIFT_FLAG_CASH;
              set_date (&filter.from, 2024, 2, 1);
              condition = g_strdup_printf ("(v.flags & %d) <> 0 AND v.gift_date >= '2024-02-01'",
                                           CW_GIFT_FLAG_CASH);
              break;
            default:
              filter.any_flags = CW_GIFT_FLAG_CASH;
              filter.child_id = child_alpha;
              condition = g_strdup_printf ("(v.flags & %d) <> 0 AND v.child_id = %"
                                           G_GINT64_FORMAT, CW_GIFT_FLAG_CASH, child_alpha);
              break;
            }

          sql = g_strdup_printf ("SELECT g.id FROM gifts g JOIN gift_versions v "
                                 "ON v.gift_id = g.id AND v.version = g.current_version "
                                 "JOIN staff s ON s.id = g.staff_id WHERE %s AND %s "
                                 "ORDER BY v.gift_date DESC, g.id DESC",
                                 all ? "?1 > 0" : "(g.staff_id = ?1 OR s.line_manager_id = ?1)",
                                 condition);
          expected = reference_ids (session, sql, me);
          /* sam sees no row of ALPHA's; every other list has rows. */
          if (f == 0)
            g_assert_cmpuint (expected->len, ==, viewers[v].n_all);
          else if (g_str_equal (viewers[v].who, "sam") && filter.child_id == child_alpha)
            g_assert_cmpuint (expected->len, ==, 0);
          else
            g_assert_cmpuint (expected->len, >, 0);

          g_test_message ("%s, filter %u: %u rows", viewers[v].who, f, expected->len);
          model = cw_gift_register_list (gifts, &filter);
          assert_pages (model, expected, (RegisterItemId) cw_gift_declaration_get_id);
          g_assert_cmpint (cw_gift_register_count (gifts, &filter), ==, expected->len);
        }
      end_session (session);
    }
}

static void
test_export (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "gifts.csv", NULL);
  CwSession *session = sign_in (fixture, "pat");
  gint64 formula_gift, comma_gift;

  {
    g_autoptr(CwGiftRegister) gifts = cw_gift_register_new (session);
    g_autoptr(CwGiftDeclaration) formula = make_gift (2025, 1, 1, child_alpha, NULL, 2600);
    g_autoptr(CwGiftDeclaration) comma = make_gift (2025, 1, 2, 0, "Mrs \"Quote\", Jones", 50);
    g_autoptr(CwGiftDeclaration) plain = make_gift (2025, 1, 3, 0, "Mr Plain", 50);
    g_autoptr(CwGiftDeclaration) s1 = NULL, s2 = NULL, s3 = NULL;

    cw_gift_declaration_set_description (formula, "=HYPERLINK(\"http://x\")");
    cw_gift_declaration_set_description (comma, "Flowers, chocolates\nand a card");
    s1 = declare (gifts, formula);
    s2 = declare (gifts, comma);
    s3 = declare (gifts, plain);
    formula_gift = cw_gift_declaration_get_id (s1);
    comma_gift = cw_gift_declaration_get_id (s2);
  }
  end_session (session);

  /* mona exports her team's declarations from January 1st to 2nd. */
  session = sign_in (fixture, "mona");
  {
    g_autoptr(CwGiftRegister) gifts = cw_gift_register_new (session);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GFileOutputStream) out = NULL;
    g_autoptr(GPtrArray) rows = NULL;
    g_autofree char *contents = NULL;
    CwGiftFilter filter;
    guint64 n_rows = 0;
    gsize len = 0;

    cw_gift_filter_init (&filter);
    set_date (&filter.from, 2025, 1, 1);
    set_date (&filter.to, 2025, 1, 2);

    /* Step-up: a wrong password exports nothing and is not an export. */
    out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, &error);
    g_assert_no_error (error);
    g_assert_false (cw_register_export_gifts (gifts, &filter, "wrong password",
                                              G_OUTPUT_STREAM (out), &n_rows, NULL, &error));
    g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_WRONG_PASSWORD);
    g_clear_error (&error);
    g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error));
    g_assert_no_error (error);
    g_file_get_contents (path, &contents, &len, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (len, ==, 0);
    g_clear_pointer (&contents, g_free);
    g_clear_object (&out);
    g_assert_false (audit_mentions (session, "export|gift-register"));

    out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (cw_register_export_gifts (gifts, &filter, STAFF_PASSWORD,
                                             G_OUTPUT_STREAM (out), &n_rows, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_rows, ==, 2);

    g_file_get_contents (path, &contents, &len, &error);
    g_assert_no_error (error);
    g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBF"));
    rows = parse_csv (contents + 3);
    g_assert_cmpuint (rows->len, ==, 3);

    g_assert_cmpstr (cell (rows, 0, 0), ==, "Reference");
    /* Newest first. */
    assert_cell_id (rows, 1, column (rows, "Reference"), comma_gift);
    g_assert_cmpstr (cell (rows, 1, column (rows, "Description")), ==,
                     "Flowers, chocolates\nand a card");
    g_assert_cmpstr (cell (rows, 1, column (rows, "Family member")), ==,
                     "Mrs \"Quote\", Jones");
    g_assert_cmpstr (cell (rows, 1, column (rows, "Estimated value (£)")), ==, "0.50");
    g_assert_cmpstr (cell (rows, 1, column (rows, "Member of staff")), ==, "Pat Practitioner");
    g_assert_cmpstr (cell (rows, 1, column (rows, "Decision")), ==, "Waiting for a decision");

    assert_cell_id (rows, 2, column (rows, "Reference"), formula_gift);
    /* Formula injection defence. */
    g_assert_cmpstr (cell (rows, 2, column (rows, "Description")), ==,
                     "'=HYPERLINK(\"http://x\")");
    g_assert_cmpstr (cell (rows, 2, column (rows, "Flags")), ==, "Over the threshold");
    g_assert_cmpstr (cell (rows, 2, column (rows, "Child")), ==, CHILD_GIVEN " " CHILD_FAMILY);
    g_assert_cmpstr (cell (rows, 2, column (rows, "Date")), ==, "2025-01-01");
    g_assert_cmpstr (cell (rows, 2, column (rows, "Cash")), ==, "No");

    /* Audited as an export, with the row count and the filter only. */
    g_assert_true (audit_has (session, "export|gift-register||2 rows; from 2025-01-01; "
                                       "to 2025-01-02"));
    g_assert_false (audit_mentions (session, "HYPERLINK"));
  }
  end_session (session);

  /* sam sees none of pat's declarations: his export has the header only. */
  session = sign_in (fixture, "sam");
  {
    g_autoptr(CwGiftRegister) gifts = cw_gift_register_new (session);
    g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
    guint64 n_rows = 99;

    g_assert_true (cw_register_export_gifts (gifts, NULL, STAFF_PASSWORD, memory, &n_rows,
                                             NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_rows, ==, 0);
    g_assert_true (audit_has (session, "export|gift-register||0 rows"));
  }
  end_session (session);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_assert_true (cw_secure_init ());

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/gifts/rules/threshold", test_rule_threshold);
  g_test_add_func ("/gifts/rules/cash", test_rule_cash);
  g_test_add_func ("/gifts/rules/repeated", test_rule_repeated);
  g_test_add_func ("/gifts/rules/same-party", test_rule_same_party);
  g_test_add_func ("/gifts/rules/outside-plan", test_rule_outside_plan);
  g_test_add_func ("/gifts/rules/names", test_rule_names);
  ADD ("/gifts/register/declare-flags", test_declare_flags);
  ADD ("/gifts/register/validation", test_declare_validation);
  ADD ("/gifts/register/filters", test_filters);
  ADD ("/gifts/permissions/visibility", test_visibility);
  ADD ("/gifts/permissions/decide", test_decide);
  ADD ("/gifts/permissions/child-name", test_child_name_need_to_know);
  ADD ("/gifts/versions/correction", test_versions);
  ADD ("/gifts/audit/no-content", test_audit_content);
  ADD ("/gifts/register/deep-pages", test_deep_pages);
  ADD ("/gifts/export/csv", test_export);

#undef ADD

  status = g_test_run ();

  register_test_clean_up ();

  return status;
}
