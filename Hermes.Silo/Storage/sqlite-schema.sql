-- Hermes' schema for session storage on SQLite. Idempotent: applied at every silo start, it changes nothing on a
-- database that already has it.

PRAGMA journal_mode = WAL;

-- Hermes' own store (SqliteStateStore): per grain state a small head (the state without its append-only lists, and
-- the version that is its ETag), and one row per item of its append-only lists (the transcript, delivered results),
-- so that a turn inserts what it added instead of rewriting the transcript.
CREATE TABLE IF NOT EXISTS HermesStateHead
(
    StateKey TEXT    NOT NULL PRIMARY KEY,
    Version  INTEGER NOT NULL,
    Payload  BLOB    NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS HermesStateEntry
(
    StateKey TEXT    NOT NULL,
    List     INTEGER NOT NULL,
    Sequence INTEGER NOT NULL,
    Payload  BLOB    NOT NULL,
    PRIMARY KEY (StateKey, List, Sequence)
) WITHOUT ROWID;

-- Orleans' ADO.NET grain storage, which kept sessions before Hermes' own store (and still reads them: see
-- SqliteStateStore). The provider ships no SQL: it reads its statements from OrleansQuery and keeps one row per grain
-- in OrleansStorage.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            INTEGER NOT NULL,
    GrainIdN0              INTEGER NOT NULL,
    GrainIdN1              INTEGER NOT NULL,
    GrainTypeHash          INTEGER NOT NULL,
    GrainTypeString        TEXT    NOT NULL,
    GrainIdExtensionString TEXT,
    ServiceId              TEXT    NOT NULL,
    PayloadBinary          BLOB,
    ModifiedOn             TEXT    NOT NULL,
    Version                INTEGER
);

-- One row per grain; also the index every statement below looks rows up by.
CREATE UNIQUE INDEX IF NOT EXISTS OrleansStorage_Grain ON OrleansStorage
    (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, GrainTypeString, ServiceId, IFNULL(GrainIdExtensionString, ''));

-- The statements. `IS` compares the key extension null-safely.
-- Read: the payload and its version (the ETag).
-- Write: with a version, update only if it is still the stored one; without, insert only if no row exists. Either
--   returns the new version; no row back means another writer got there first, which Orleans raises as a conflict.
-- Clear: forget the payload, keeping the row and bumping its version.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey',
'SELECT PayloadBinary, Version
FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND GrainTypeString = @GrainTypeString AND ServiceId = @ServiceId
  AND GrainIdExtensionString IS @GrainIdExtensionString;'),
('WriteToStorageKey',
'UPDATE OrleansStorage
SET PayloadBinary = @PayloadBinary, ModifiedOn = CURRENT_TIMESTAMP, Version = Version + 1
WHERE @GrainStateVersion IS NOT NULL AND Version = @GrainStateVersion
  AND GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND GrainTypeString = @GrainTypeString AND ServiceId = @ServiceId
  AND GrainIdExtensionString IS @GrainIdExtensionString
RETURNING Version AS NewGrainStateVersion;
INSERT INTO OrleansStorage
  (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString, @ServiceId, @PayloadBinary, CURRENT_TIMESTAMP, 1
WHERE @GrainStateVersion IS NULL AND NOT EXISTS
  (SELECT 1 FROM OrleansStorage
   WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
     AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
     AND GrainTypeString = @GrainTypeString AND ServiceId = @ServiceId
     AND GrainIdExtensionString IS @GrainIdExtensionString)
RETURNING Version AS NewGrainStateVersion;'),
('ClearStorageKey',
'UPDATE OrleansStorage
SET PayloadBinary = NULL, ModifiedOn = CURRENT_TIMESTAMP, Version = Version + 1
WHERE @GrainStateVersion IS NOT NULL AND Version = @GrainStateVersion
  AND GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND GrainTypeString = @GrainTypeString AND ServiceId = @ServiceId
  AND GrainIdExtensionString IS @GrainIdExtensionString
RETURNING Version;')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText WHERE QueryText <> excluded.QueryText;
