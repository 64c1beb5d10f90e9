#include <gtest/gtest.h>

#include "hotspot/core/safe_text.hpp"

namespace hotspot {
namespace {

TEST(CsvCell, FormulaeAreNeutralisedAsOwaspSays) {
  EXPECT_EQ(csv_cell("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  EXPECT_EQ(csv_cell("@SUM(1)"), "'@SUM(1)");
  EXPECT_EQ(csv_cell("-1+1"), "'-1+1");
  EXPECT_EQ(csv_cell("+cmd"), "'+cmd");
  EXPECT_EQ(csv_cell("\tx"), "'\tx");
  EXPECT_EQ(csv_cell("\rx"), "\"'\rx\"");
  EXPECT_EQ(csv_cell("-inf"), "'-inf");
}

TEST(CsvCell, NumbersAndPlainTextAreKept) {
  EXPECT_EQ(csv_cell("-0.2051"), "-0.2051");
  EXPECT_EQ(csv_cell("+44"), "+44");
  EXPECT_EQ(csv_cell("-1e-3"), "-1e-3");
  EXPECT_EQ(csv_cell("On or near Parking Area"), "On or near Parking Area");
  EXPECT_EQ(csv_cell("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_cell(""), "");
  EXPECT_EQ(formula_safe("=1+1"), "'=1+1");
  EXPECT_EQ(formula_safe("a,b"), "a,b");
}

TEST(TerminalSafe, EscapeSequencesAndControlsAreReplaced) {
  EXPECT_EQ(terminal_safe("On or near \x1b[2J\x1b]0;pwned\x07 Street"), "On or near ?[2J?]0;pwned? Street");
  EXPECT_EQ(terminal_safe("a\rb\x7f" "c\xc2\x9b" "d"), "a?b?c?d");
  EXPECT_EQ(terminal_safe("line 1\n\tline 2 caf\xc3\xa9 \xc2\xa3"), "line 1\n\tline 2 caf\xc3\xa9 \xc2\xa3");
}

TEST(RedactCredentials, PasswordsNeverSurvive) {
  EXPECT_EQ(redact_credentials("PG:host=db user=cs password=hunter2 dbname=crime"),
            "PG:host=db user=cs password=*** dbname=crime");
  EXPECT_EQ(redact_credentials("PG:host=db password='two words' dbname=x"), "PG:host=db password=*** dbname=x");
  EXPECT_EQ(redact_credentials("PG:PASSWORD = s3cret"), "PG:PASSWORD = ***");
  EXPECT_EQ(redact_credentials("postgresql://cs:hunter2@db.example/crime"), "postgresql://cs:***@db.example/crime");
  EXPECT_EQ(redact_credentials("/vsicurl/https://a:b@h/x.csv?token=abc&x=1"), "/vsicurl/https://a:***@h/x.csv?token=***&x=1");
  EXPECT_EQ(redact_credentials("data/2021-01-herts-street.csv"), "data/2021-01-herts-street.csv");
  EXPECT_EQ(redact_credentials("https://example.org/a:b@c"), "https://example.org/a:b@c");
}

TEST(DescribeSource, PublishModeNamesNoPath) {
  EXPECT_EQ(describe_source("/home/jo/ops/knife-op/areas.gpkg", true), "a GeoPackage");
  EXPECT_EQ(describe_source("PG:host=db password=x", true), "a PostGIS database");
  EXPECT_EQ(describe_source("PG:host=db password=x", false), "PG:host=db password=***");
  EXPECT_EQ(describe_source("data/2021-01-herts-street.csv", false), "data/2021-01-herts-street.csv");
}

}  // namespace
}  // namespace hotspot
