/**
 * The labels of the demo (docs/demo.md): which objects the seeding made, and which reservations'
 * sessions the simulated students attend. Kept apart from the demo's code so the CLI can use
 * them without loading the server side.
 */

/** On the seeded WorkerTemplate and LabletDefinitions; `lcm demo class` picks a definition by it. */
export const DEMO_LABEL = 'lcm.io/demo';

/**
 * On a Reservation made by `lcm demo class`; the reservations controller copies a reservation's
 * labels to its sessions, and the simulated students attend the sessions that carry it.
 */
export const DEMO_STUDENTS_LABEL = 'lcm.io/demo-students';
