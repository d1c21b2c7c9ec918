-- The SQL of impersonation-audit.repository.ts, one section per call in sql/manifest.ts (statement text only).
-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u

-- impersonationAuditRepository.recentImpersonationTargets
SELECT
  resource_id AS id
FROM
  audit_log
WHERE
  actor = $1
  AND action = 'auth.impersonation_start'
  AND outcome = 'granted'
  AND resource_id IS NOT NULL
GROUP BY
  resource_id
ORDER BY
  max(seq) DESC
LIMIT 10;
