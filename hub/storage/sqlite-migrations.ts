/**
 * The SQLite schema as an ordered list of migrations. Append, never edit a released one:
 * a hub opening an older file applies the missing steps in one transaction each.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'classes, students, per-minute aggregates',
    sql: `
      CREATE TABLE classes (
        id                  TEXT PRIMARY KEY,
        code                TEXT NOT NULL UNIQUE,
        name                TEXT NOT NULL,
        meeting_link        TEXT,
        teacher_secret_hash TEXT NOT NULL,
        created_at          INTEGER NOT NULL,
        closed_at           INTEGER
      );
      CREATE TABLE students (
        id           TEXT PRIMARY KEY,
        class_id     TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
        display_name TEXT NOT NULL,
        token_hash   TEXT NOT NULL,
        joined_at    INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL
      );
      CREATE INDEX students_by_class ON students(class_id);
      CREATE TABLE minutes (
        student_id      TEXT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
        class_id        TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
        minute          INTEGER NOT NULL,
        samples         INTEGER NOT NULL CHECK (samples >= 0),
        positive        INTEGER NOT NULL CHECK (positive >= 0),
        neutral         INTEGER NOT NULL CHECK (neutral >= 0),
        negative        INTEGER NOT NULL CHECK (negative >= 0),
        not_detected    INTEGER NOT NULL CHECK (not_detected >= 0),
        unknown         INTEGER NOT NULL CHECK (unknown >= 0),
        mean_engagement REAL,
        top_expression  TEXT,
        received_at     INTEGER NOT NULL,
        PRIMARY KEY (student_id, minute),
        CHECK (positive + neutral + negative + not_detected + unknown = samples)
      ) WITHOUT ROWID;
      CREATE INDEX minutes_by_class ON minutes(class_id, minute);
    `,
  },
  {
    version: 2,
    description: 'interest counts per minute (NULL for uploads from extensions before the engagement layer)',
    sql: `
      ALTER TABLE minutes ADD COLUMN interested INTEGER CHECK (interested >= 0);
      ALTER TABLE minutes ADD COLUMN not_interested INTEGER CHECK (not_interested >= 0);
    `,
  },
];
