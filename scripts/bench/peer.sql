-- The peer: DuckDB doing the work `doralens report --format json` does, on the same CSV files.
-- Run by scripts/bench/duckdb_peer.py with {deploys} and {incidents} replaced by file lists.
-- Production successes only, deployments deduplicated by id (the latest time wins), incidents
-- merged by id (earliest start, latest resolution), incidents linked to a deployment by id, else
-- by sha prefix, else to the latest earlier production deployment of the same service (as-of
-- join, 7-day window); per team: deployments, deploy days, lead-time median and p90 (type 7),
-- change failure rate, recovery median; and the same per team and ISO week.
SET autoinstall_known_extensions = false;
SET autoload_known_extensions = false;

CREATE OR REPLACE TEMP TABLE d AS
SELECT * FROM (
  SELECT id, team, service, deployed_at, commit_sha,
         coalesce(epoch(deployed_at - first_commit_at), lead_time_seconds) AS lead_s,
         failed, kind,
         row_number() OVER (PARTITION BY id ORDER BY deployed_at DESC) AS rn
  FROM read_csv([{deploys}], header = true, auto_detect = false, columns = {
    'id': 'VARCHAR', 'team': 'VARCHAR', 'service': 'VARCHAR', 'environment': 'VARCHAR',
    'status': 'VARCHAR', 'deployed_at': 'TIMESTAMP', 'commit_sha': 'VARCHAR',
    'first_commit_at': 'TIMESTAMP', 'lead_time_seconds': 'DOUBLE', 'failed': 'BOOLEAN',
    'kind': 'VARCHAR', 'rework': 'BOOLEAN'})
  WHERE environment = 'production' AND status = 'success'
) WHERE rn = 1;

CREATE OR REPLACE TEMP TABLE i AS
SELECT id, any_value(team) AS team, any_value(service) AS service, min(started_at) AS started_at,
       max(resolved_at) AS resolved_at, any_value(caused_by) AS caused_by
FROM read_csv([{incidents}], header = true, auto_detect = false, columns = {
  'id': 'VARCHAR', 'team': 'VARCHAR', 'service': 'VARCHAR', 'started_at': 'TIMESTAMP',
  'resolved_at': 'TIMESTAMP', 'severity': 'VARCHAR', 'caused_by': 'VARCHAR', 'title': 'VARCHAR'})
GROUP BY id;

CREATE OR REPLACE TEMP TABLE by_id AS
SELECT i.id AS incident, d.id AS deployment FROM i JOIN d ON d.id = i.caused_by;

CREATE OR REPLACE TEMP TABLE by_sha AS
SELECT i.id AS incident, max(d.id) AS deployment
FROM i JOIN d ON length(i.caused_by) >= 7 AND left(d.commit_sha, 7) = left(i.caused_by, 7)
  AND starts_with(d.commit_sha, i.caused_by)
WHERE i.id NOT IN (SELECT incident FROM by_id)
GROUP BY i.id;

CREATE OR REPLACE TEMP TABLE inferred AS
SELECT i.id AS incident, d.id AS deployment
FROM (SELECT * FROM i WHERE id NOT IN (SELECT incident FROM by_id UNION ALL SELECT incident FROM by_sha)) i
ASOF JOIN d ON d.service = i.service AND d.deployed_at <= i.started_at
WHERE i.started_at - d.deployed_at <= INTERVAL 7 DAY;

CREATE OR REPLACE TEMP TABLE failed AS
SELECT DISTINCT deployment AS id FROM (
  SELECT deployment FROM by_id UNION ALL SELECT deployment FROM by_sha UNION ALL SELECT deployment FROM inferred
  UNION ALL SELECT id FROM d WHERE failed);

CREATE OR REPLACE TEMP TABLE per_team AS
SELECT d.team, count(*) AS deployments, count(DISTINCT CAST(d.deployed_at AS DATE)) AS deploy_days,
       median(lead_s) AS lead_median, quantile_cont(lead_s, 0.9) AS lead_p90,
       count(f.id) / count(*) AS change_failure_rate
FROM d LEFT JOIN failed f ON f.id = d.id
GROUP BY d.team;

CREATE OR REPLACE TEMP TABLE recovery AS
SELECT coalesce(team, 'no team') AS team, median(epoch(resolved_at - started_at)) AS recovery_median, count(*) AS incidents
FROM i WHERE resolved_at IS NOT NULL GROUP BY 1;

CREATE OR REPLACE TEMP TABLE weekly AS
SELECT d.team, date_trunc('week', d.deployed_at) AS week, count(*) AS deployments,
       median(lead_s) AS lead_median, count(f.id) / count(*) AS change_failure_rate
FROM d LEFT JOIN failed f ON f.id = d.id
GROUP BY ALL;

SELECT (SELECT count(*) FROM per_team) AS teams, (SELECT sum(deployments) FROM per_team) AS deployments,
       (SELECT count(*) FROM failed) AS failed, (SELECT count(*) FROM weekly) AS team_weeks,
       (SELECT sum(incidents) FROM recovery) AS resolved_incidents;
