import { MatchableAction } from '../matchable-action';

/**
 * A scooter-rental business unlike the dataset's bike shop, so the specs show the matcher reads any schema:
 * its own id patterns, enum aliases and wording.
 */
export const SCOOTER_ACTIONS: MatchableAction[] = [
  {
    name: 'parcel_status',
    description:
      'Look up a parcel (a scooter or spare part we ship) by its parcel number and report its status, carrier, tracking number and expected delivery date. Parcel numbers are SC- followed by 6 digits.',
    parameters: {
      type: 'object',
      properties: {
        parcel_number: { type: 'string', pattern: '^SC-\\d{6}$', description: 'Parcel number, e.g. SC-123456.' },
      },
      required: ['parcel_number'],
    },
    identity: null,
    side_effect: false,
    examples: ['What is the status of parcel SC-123456?', 'Has parcel 123456 shipped yet?', 'Where is #123456?'],
  },
  {
    name: 'cancel_parcel',
    description:
      'Cancel a parcel that has not shipped yet. Only the verified customer who ordered it can cancel it; customer_email comes from the verified identity.',
    parameters: {
      type: 'object',
      properties: {
        parcel_number: { type: 'string', pattern: '^SC-\\d{6}$', description: 'Parcel number, e.g. SC-123456.' },
        customer_email: { type: 'string', format: 'email', description: 'Verified customer e-mail.' },
      },
      required: ['parcel_number', 'customer_email'],
    },
    identity: ['customer_email'],
    side_effect: true,
    examples: ['Please cancel parcel SC-123456.', 'Cancel sc123456, I no longer need it.'],
  },
  {
    name: 'book_service',
    description:
      'Book a mechanic visit to service or repair a scooter at the customer address, in one of our areas, on a given date.',
    parameters: {
      type: 'object',
      properties: {
        area: {
          type: 'string',
          enum: ['north_shore', 'harbour'],
          description: 'Service area id.',
          'x-aliases': { north_shore: ['North Shore', 'Lynn', 'Salem'], harbour: ['Harbour', 'Harbor', 'Dockside'] },
        },
        date: { type: 'string', format: 'date', description: 'Visit date as YYYY-MM-DD.' },
        customer_email: { type: 'string', format: 'email', description: 'Verified customer e-mail.' },
      },
      required: ['area', 'date', 'customer_email'],
    },
    identity: 'customer_email',
    side_effect: true,
    examples: [
      'Book a service visit in Salem on 2027-04-02.',
      'Can a mechanic repair my scooter in Lynn next Friday?',
      'I need a repair visit at the Harbour tomorrow.',
    ],
  },
  {
    name: 'scooter_details',
    description:
      'Look up a scooter by its serial number (on the deck plate): model, battery health and warranty status. Serial numbers are SN followed by 7 digits.',
    parameters: {
      type: 'object',
      properties: {
        serial_number: { type: 'string', pattern: '^SN\\d{7}$', description: 'Serial number, e.g. SN1234567.' },
      },
      required: ['serial_number'],
    },
    identity: null,
    side_effect: false,
    examples: ['What is the battery health of SN1234567?', 'Is the warranty active on serial SN 123 4567?'],
  },
];
