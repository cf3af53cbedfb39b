import { describe, expect, it } from 'vitest';
import { activityTypes } from '../../../../functions/catalogue/domain/activity';
import {
  activityConcept,
  activityListDocument,
  dayOpportunityConcept,
  dayOpportunityDefinitions,
  isInOpenActiveFeeds,
  isoDuration,
  openActiveActivityConcepts,
  openActiveFeedKinds,
  rpdePage,
  scheduledSessionItem,
  scheduledSessionRpdeItem,
  sessionSeriesItem,
  sessionSeriesRpdeItem,
} from '../../../../functions/catalogue/domain/openactive';
import { openActiveActivityListSubset } from '../../../support/openactive';
import { activity, session, venue } from './fixtures';

const origin = 'https://marketplace.example.gov.uk';
const ourList = `${origin}/openactive/activity-list`;

describe('activity types as concepts', () => {
  it('puts in the OpenActive feeds only the types the OpenActive list has a concept for', () => {
    expect(activityTypes.filter(isInOpenActiveFeeds).sort()).toEqual([
      'community-gardening',
      'swimming',
      'walking',
    ]);
    expect(openActiveFeedKinds).toBe('walking, swimming and gardening');
    // The list names particular sports, not sport in general: no concept would be honest.
    expect(isInOpenActiveFeeds('sport')).toBe(false);
    expect(isInOpenActiveFeeds('travel-training')).toBe(false);
    expect(isInOpenActiveFeeds('carers-respite')).toBe(false);
  });

  it('uses no concept id that is not in the OpenActive list as checked', () => {
    const published = new Set(openActiveActivityListSubset.concept.map((concept) => concept.id));
    for (const concept of Object.values(openActiveActivityConcepts)) expect(published).toContain(concept.id);
  });

  it('gives each of them its concept from the OpenActive list, with the id and label the list publishes', () => {
    const published = new Map(openActiveActivityListSubset.concept.map((concept) => [concept.id, concept]));
    for (const type of activityTypes.filter(isInOpenActiveFeeds)) {
      const concept = activityConcept(type);
      expect(concept).toEqual({
        '@type': 'Concept',
        '@id': openActiveActivityConcepts[type]?.id,
        prefLabel: openActiveActivityConcepts[type]?.prefLabel,
        inScheme: 'https://openactive.io/activity-list',
      });
      expect(published.get(concept['@id'])?.prefLabel).toBe(concept.prefLabel);
    }
    expect(activityConcept('community-gardening').prefLabel).toBe('Gardening');
  });

  it('has no OpenActive concept for any other type: it is not in the feeds', () => {
    for (const type of activityTypes.filter((type) => !isInOpenActiveFeeds(type)))
      expect(() => activityConcept(type)).toThrow('not in the OpenActive feeds');
  });

  it('gives every type a concept of our day opportunity scheme, for `category`', () => {
    for (const type of activityTypes)
      expect(dayOpportunityConcept(type, origin)).toEqual({
        '@type': 'Concept',
        '@id': `${ourList}#${type}`,
        prefLabel: expect.stringMatching(/\w/),
        inScheme: ourList,
      });
    expect(dayOpportunityConcept('travel-training', origin).prefLabel).toBe('Travel training');
    expect(dayOpportunityConcept('community-gardening', origin).prefLabel).toBe('Community gardening');
  });

  it('publishes every type once in our concept scheme, with its definition', () => {
    const list = activityListDocument(origin);
    expect(list).toMatchObject({
      '@context': 'https://openactive.io/',
      type: 'ConceptScheme',
      id: ourList,
      license: 'https://creativecommons.org/licenses/by/4.0/',
    });
    expect(list.concept.map((concept) => concept.id)).toEqual(
      activityTypes.map((type) => `${ourList}#${type}`),
    );
    for (const [index, concept] of list.concept.entries()) {
      const type = activityTypes[index] as (typeof activityTypes)[number];
      expect(concept).toEqual({
        type: 'Concept',
        id: `${ourList}#${type}`,
        identifier: type,
        prefLabel: dayOpportunityConcept(type, origin).prefLabel,
        definition: dayOpportunityDefinitions[type],
        inScheme: ourList,
        topConceptOf: ourList,
      });
      expect(concept.definition.length).toBeGreaterThan(20);
    }
  });
});

describe('an activity as a SessionSeries', () => {
  const gardening = activity({
    id: '01jq6z8k9m2n3p4q5r6s7t8v9w',
    venue: { ...venue, addressLine2: 'Stinsford' },
    price: { amountPence: 2550, per: 'session' },
    ageRange: { from: 18, to: 65 },
    needs: ['learning-disability', 'dementia'],
    accessibility: ['step-free-access', 'hoist'],
    whatToBring: 'Wellies',
    schedule: {
      slots: [
        { day: 'friday', starts: '10:00', ends: '12:30' },
        { day: 'thursday', starts: '18:00', ends: '20:00' },
        { day: 'tuesday', starts: '10:00', ends: '12:30' },
      ],
      startsOn: '2026-04-07',
      endsOn: '2026-12-31',
      exceptions: ['2026-12-25', '2026-05-05'],
    },
  });
  const item = sessionSeriesItem(gardening, origin, 'Dorset');

  it('names itself with absolute URLs: its public page, and its organiser', () => {
    expect(item).toMatchObject({
      '@context': ['https://openactive.io/', 'https://openactive.io/ns-beta'],
      '@type': 'SessionSeries',
      '@id': `${origin}/catalogue/activities/01jq6z8k9m2n3p4q5r6s7t8v9w`,
      url: `${origin}/catalogue/activities/01jq6z8k9m2n3p4q5r6s7t8v9w`,
      identifier: '01jq6z8k9m2n3p4q5r6s7t8v9w',
      name: 'Gardening at Kingston Maurward',
      organizer: {
        '@type': 'Organization',
        '@id': `${origin}/openactive/organisers/prov1`,
        name: 'Kingston Maurward Farm',
      },
      activity: [
        {
          '@id': 'https://openactive.io/activity-list#5b880e93-4a16-4c37-86ac-ba2ffba68358',
          prefLabel: 'Gardening',
        },
      ],
    });
  });

  it('gives its type from our day opportunity scheme in category, beside the OpenActive concept', () => {
    expect(item.category).toEqual([
      {
        '@type': 'Concept',
        '@id': `${ourList}#community-gardening`,
        prefLabel: 'Community gardening',
        inScheme: ourList,
      },
    ]);
  });

  it('is only made for a type in the OpenActive feeds', () => {
    expect(() => sessionSeriesItem(activity({ activityType: 'cooking' }), origin)).toThrow(
      'not in the OpenActive feeds',
    );
  });

  it('places it at the venue, with the council area as the region', () => {
    expect(item.location).toEqual({
      '@type': 'Place',
      name: 'Kingston Maurward walled garden',
      address: {
        '@type': 'PostalAddress',
        streetAddress: 'Kingston Maurward, Stinsford',
        addressLocality: 'Dorchester',
        addressRegion: 'Dorset',
        postalCode: 'DT2 8PY',
        addressCountry: 'GB',
      },
      geo: { '@type': 'GeoCoordinates', latitude: venue.latitude, longitude: venue.longitude },
    });
    expect(sessionSeriesItem(gardening, origin).location.address.addressRegion).toBe('Dorchester');
  });

  it('prices it in pounds, and says when it is free', () => {
    expect(item.offers).toEqual([
      { '@type': 'Offer', name: 'Per session', price: 25.5, priceCurrency: 'GBP' },
    ]);
    expect(item).not.toHaveProperty('isAccessibleForFree');
    const free = sessionSeriesItem(activity({ price: { amountPence: 0, per: 'hour' } }), origin, 'Dorset');
    expect(free.offers).toEqual([{ '@type': 'Offer', name: 'Per hour', price: 0, priceCurrency: 'GBP' }]);
    expect(free.isAccessibleForFree).toBe(true);
    expect(
      sessionSeriesItem(activity({ price: { amountPence: 1999, per: 'session' } }), origin).offers[0]?.price,
    ).toBe(19.99);
  });

  it('gives the ages, and the support offered as OpenActive concepts where they exist and in words', () => {
    expect(item.ageRange).toEqual({ '@type': 'QuantitativeValue', minValue: 18, maxValue: 65 });
    expect(sessionSeriesItem(activity({ ageRange: { from: 25 } }), origin).ageRange).toEqual({
      '@type': 'QuantitativeValue',
      minValue: 25,
    });
    expect(item.accessibilitySupport).toEqual([
      {
        '@type': 'Concept',
        '@id': 'https://openactive.io/accessibility-support#67902468-fd49-4238-8650-20a22d7f0e40',
        prefLabel: 'Learning impairment',
        inScheme: 'https://openactive.io/accessibility-support',
      },
    ]);
    expect(item.accessibilityInformation).toBe(
      'Support for: Learning disability, Dementia. Available: Step-free access, Hoist.',
    );
    expect(item.attendeeInstructions).toBe('What to bring: Wellies');
    const plain = sessionSeriesItem(activity({ needs: [], accessibility: [] }), origin);
    expect(plain).not.toHaveProperty('accessibilitySupport');
    expect(plain).not.toHaveProperty('accessibilityInformation');
  });

  it('describes the weekly schedule: one PartialSchedule per time, with its days in week order', () => {
    const common = {
      '@type': 'PartialSchedule',
      repeatFrequency: 'P1W',
      scheduleTimezone: 'Europe/London',
      startDate: '2026-04-07',
      endDate: '2026-12-31',
      exceptDate: ['2026-05-05', '2026-12-25'],
    };
    expect(item.eventSchedule).toEqual([
      {
        ...common,
        byDay: ['https://schema.org/Tuesday', 'https://schema.org/Friday'],
        startTime: '10:00',
        endTime: '12:30',
        duration: 'PT2H30M',
      },
      {
        ...common,
        byDay: ['https://schema.org/Thursday'],
        startTime: '18:00',
        endTime: '20:00',
        duration: 'PT2H',
      },
    ]);
    const openEnded = sessionSeriesItem(activity(), origin).eventSchedule[0];
    expect(openEnded).not.toHaveProperty('endDate');
    expect(openEnded).not.toHaveProperty('exceptDate');
  });
});

describe('a session as a ScheduledSession', () => {
  it('refers to its series and gives its London times with the offset of the day', () => {
    const summer = scheduledSessionItem(session(), origin);
    expect(summer).toEqual({
      '@context': ['https://openactive.io/', 'https://openactive.io/ns-beta'],
      '@type': 'ScheduledSession',
      '@id': `${origin}/openactive/scheduled-sessions/act1-202606021000`,
      identifier: 'act1-202606021000',
      superEvent: `${origin}/catalogue/activities/act1`,
      url: `${origin}/catalogue/activities/act1`,
      startDate: '2026-06-02T10:00:00+01:00',
      endDate: '2026-06-02T12:00:00+01:00',
      duration: 'PT2H',
      eventStatus: 'https://schema.org/EventScheduled',
      maximumAttendeeCapacity: 12,
      remainingAttendeeCapacity: 12,
    });
    const winter = scheduledSessionItem(
      session({
        date: '2026-12-01',
        starts: '18:30',
        ends: '19:15',
        startsAt: '2026-12-01T18:30:00.000Z',
        endsAt: '2026-12-01T19:15:00.000Z',
        booked: 14,
        places: 12,
      }),
      origin,
    );
    expect(winter).toMatchObject({
      startDate: '2026-12-01T18:30:00+00:00',
      endDate: '2026-12-01T19:15:00+00:00',
      duration: 'PT45M',
      remainingAttendeeCapacity: 0,
    });
    expect(scheduledSessionItem(session({ status: 'cancelled' }), origin).eventStatus).toBe(
      'https://schema.org/EventCancelled',
    );
  });
});

describe('RPDE items and pages', () => {
  it('carries the data of listed items, and only the position of deleted ones', () => {
    const listed = sessionSeriesRpdeItem(
      activity({ feed: { state: 'updated', modified: 1767225600001 } }),
      origin,
    );
    expect(listed).toMatchObject({
      state: 'updated',
      kind: 'SessionSeries',
      id: 'act1',
      modified: 1767225600001,
    });
    expect(listed).toHaveProperty('data.@type', 'SessionSeries');

    const withdrawn = sessionSeriesRpdeItem(
      activity({ status: 'withdrawn', feed: { state: 'deleted', modified: 1767225600002 } }),
      origin,
    );
    expect(withdrawn).toEqual({
      state: 'deleted',
      kind: 'SessionSeries',
      id: 'act1',
      modified: 1767225600002,
    });

    const cancelled = scheduledSessionRpdeItem(
      session({ status: 'cancelled', feed: { state: 'deleted', modified: 1767225600003 } }),
      origin,
    );
    expect(cancelled).toEqual({
      state: 'deleted',
      kind: 'ScheduledSession',
      id: 'act1-202606021000',
      modified: 1767225600003,
    });
    expect(() => sessionSeriesRpdeItem(activity(), origin)).toThrow('not in the open data feed');
  });

  it('makes an activity whose type is not in the OpenActive feeds a deletion, whatever its stored state', () => {
    for (const activityType of ['travel-training', 'cooking', 'carers-respite'] as const)
      expect(
        sessionSeriesRpdeItem(
          activity({ activityType, feed: { state: 'updated', modified: 1767225600004 } }),
          origin,
        ),
      ).toEqual({ state: 'deleted', kind: 'SessionSeries', id: 'act1', modified: 1767225600004 });
  });

  it('points next at the last item, or at itself when the page is empty', () => {
    const feed = `${origin}/openactive/feeds/scheduled-sessions`;
    const items = [
      scheduledSessionRpdeItem(session({ id: 'a-1', feed: { state: 'updated', modified: 5 } }), origin),
      scheduledSessionRpdeItem(session({ id: 'b-2', feed: { state: 'deleted', modified: 9 } }), origin),
    ];
    expect(rpdePage(feed, undefined, items)).toEqual({
      next: `${feed}?afterTimestamp=9&afterId=b-2`,
      items,
      license: 'https://creativecommons.org/licenses/by/4.0/',
    });
    expect(rpdePage(feed, { modified: 9, id: 'b-2' }, []).next).toBe(`${feed}?afterTimestamp=9&afterId=b-2`);
    expect(rpdePage(feed, undefined, []).next).toBe(feed);
  });

  it('writes durations as ISO 8601', () => {
    expect([isoDuration(45), isoDuration(60), isoDuration(150), isoDuration(0)]).toEqual([
      'PT45M',
      'PT1H',
      'PT2H30M',
      'PT0M',
    ]);
  });
});
