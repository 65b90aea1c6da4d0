/** The data-protection dashboard (privacy officers). */
export const dataProtection = {
  title: 'Data protection',
  subtitle: 'Open requests and their deadlines, the next retention run and consent rates.',
  requests: {
    title: 'Open requests, soonest due first',
    open: 'Open requests',
    dueSoon: 'Due within 7 days',
    overdue: 'Overdue',
    overdueBadge: 'Overdue',
    none: 'No open requests.',
    type: 'Type',
    status: 'Status',
    due: 'Due',
  },
  retention: {
    title: 'Next retention run',
    nextRun: 'Runs {{at}}; this is what it will touch.',
    nothing: 'Nothing is due.',
    table: 'Table',
    action: 'Action',
    rows: 'Records',
    actions: { warn: 'Warn (inactive account)', anonymise: 'Anonymise account', delete: 'Delete' },
  },
  consent: {
    title: 'Consent rates',
    window: 'Choices recorded in the last {{days}} days.',
    none: 'No consent choices recorded.',
    purpose: 'Purpose',
    granted: 'Granted',
    denied: 'Denied',
    rate: 'Rate',
  },
};
