import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'missing-observability',
    severity: 'info',
    description: 'A service that does not enable both tracing and metrics.',
    options: {},
    fixable: false,
  },
  check(_model, { index, report }) {
    for (const service of index.services) {
      if (service.observability?.tracing === true && service.observability.metrics === true) continue;
      const missing = [
        service.observability?.tracing !== true && 'tracing',
        service.observability?.metrics !== true && 'metrics',
      ].filter(Boolean);
      if (missing.length === 0) continue;
      report({
        message: `"${service.name}" has no ${missing.join(' and no ')}: a request through it cannot be followed or its health measured; enable ${missing.join(' and ')}.`,
        elements: [service.id],
      });
    }
  },
});
