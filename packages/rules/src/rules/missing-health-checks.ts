import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'missing-health-checks',
    severity: 'warning',
    description: 'A service with a runtime but no health or no readiness path.',
    options: {},
    fixable: false,
  },
  check(_model, { index, report }) {
    for (const service of index.services) {
      const runtime = service.runtime;
      if (runtime === undefined || (runtime.health && runtime.readiness)) continue;
      const missing = [
        !runtime.health && 'a health (liveness) path',
        !runtime.readiness && 'a readiness path',
      ].filter(Boolean);
      if (missing.length === 0) continue;
      report({
        message: `"${service.name}" runs without ${missing.join(' or ')}: the platform cannot restart it when it hangs or hold traffic until it is ready.`,
        elements: [service.id],
      });
    }
  },
});
