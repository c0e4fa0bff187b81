import { expect } from '@open-wc/testing';
import { engagement } from './fake-fetch.js';
import {
  asArray,
  toAvailability,
  toChatRequestBody,
  toChatResource,
  toEngagement,
  toEngagementBody,
  toOfflineBody,
  toSurvey,
  toWaitTime,
} from '../../src/api/dto.js';
import type { ChatApiError } from '../../src/api/errors.js';
import type { LineEvent } from '../../src/api/types.js';

const chat = 'https://va.convep.example.net/api/account/123/chat/H3079';

/** The chat resource example of the Retrieve Chat Resources page (`@` keys, numeric systemMessageId). */
const resource = {
  chat: {
    link: [
      { '@href': chat, '@rel': 'self' },
      { '@href': `${chat}/events`, '@rel': 'events' },
      { '@href': `${chat}/info`, '@rel': 'info' },
      { '@href': `${chat}?from=2`, '@rel': 'next' },
      { '@href': `${chat}/transcriptRequest`, '@rel': 'transcript-request' },
      { '@href': `${chat}/transcriptWithSubjectRequest`, '@rel': 'transcript-with-subject-request' },
      { '@href': `${chat}/exitSurvey`, '@rel': 'exit-survey' },
      { '@href': `${chat}/customVariables`, '@rel': 'custom-variables' },
    ],
    events: {
      link: [
        { '@href': `${chat}/events`, '@rel': 'self' },
        { '@href': `${chat}/events?from=2`, '@rel': 'next' },
      ],
      event: [
        { '@id': '0', '@type': 'state', time: '2017-02-27T06:24:15.424-05:00', state: 'waiting' },
        {
          '@id': '1',
          '@type': 'line',
          time: '2017-02-27T06:24:15.425-05:00',
          textType: 'plain',
          text: 'Thank you for choosing to chat with us.',
          by: 'info',
          source: 'system',
          systemMessageId: 4,
          subType: 'REGULAR',
        },
      ],
    },
    info: {
      link: [
        { '@href': `${chat}/info`, '@rel': 'self' },
        { '@href': `${chat}/info/visitorName`, '@rel': 'visitor-name' },
        { '@href': `${chat}/info/visitorTyping`, '@rel': 'visitor-typing' },
        { '@href': `${chat}/info/agentTyping`, '@rel': 'agent-typing' },
      ],
      state: 'waiting',
      chatSessionKey: 'H3079',
      skillName: 'Sales',
      skillId: 25975313,
      startTime: '2017-02-27T06:24:15.425-05:00',
      duration: 0,
      lastUpdate: '2017-02-27T06:24:31.188-05:00',
      chatTimeout: 40,
      visitorId: 1214701440733986,
      agentTyping: 'not-typing',
      visitorTyping: 'not-typing',
      visitorName: 'You',
      rtSessionId: 4294967522,
    },
  },
};

describe('toChatResource', () => {
  it('maps the {chat:{...}} resource: events, info and every link by rel', () => {
    const read = toChatResource(resource);
    expect(read.events).to.deep.equal([
      { type: 'state', id: '0', time: '2017-02-27T06:24:15.424-05:00', state: 'waiting' },
      {
        type: 'line',
        id: '1',
        time: '2017-02-27T06:24:15.425-05:00',
        text: 'Thank you for choosing to chat with us.',
        textType: 'plain',
        by: 'info',
        source: 'system',
        systemMessageId: 4,
        subType: 'REGULAR',
      },
    ]);
    expect(read.info).to.deep.equal({
      state: 'waiting',
      chatSessionKey: 'H3079',
      skillName: 'Sales',
      startTime: '2017-02-27T06:24:15.425-05:00',
      lastUpdate: '2017-02-27T06:24:31.188-05:00',
      chatTimeout: 40,
      agentTyping: 'not-typing',
      visitorTyping: 'not-typing',
      visitorName: 'You',
      rtSessionId: '4294967522',
    });
    expect(read.links).to.deep.equal({
      self: chat,
      events: `${chat}/events`,
      info: `${chat}/info`,
      next: `${chat}?from=2`,
      transcriptRequest: `${chat}/transcriptRequest`,
      exitSurvey: `${chat}/exitSurvey`,
      visitorName: `${chat}/info/visitorName`,
      visitorTyping: `${chat}/info/visitorTyping`,
      agentTyping: `${chat}/info/agentTyping`,
    });
  });

  it('maps the {events:{...}} shape: string systemMessageId, next from events.link', () => {
    const read = toChatResource({
      events: {
        link: [
          { '@href': `${chat}/events`, '@rel': 'self' },
          { '@href': `${chat}/events?from=5`, '@rel': 'next' },
        ],
        event: [
          {
            '@id': '3',
            '@type': 'line',
            time: 't3',
            textType: 'plain',
            text: 'You are now chatting with Natalie.',
            by: 'info',
            source: 'system',
            systemMessageId: '3',
            subType: 'REGULAR',
          },
          {
            '@id': '4',
            '@type': 'line',
            time: 't4',
            textType: 'html',
            text: '<div dir="ltr">hi</div>',
            by: 'Natalie',
            source: 'agent',
            subType: 'REGULAR',
          },
        ],
      },
    });
    expect(read.links).to.deep.equal({ self: `${chat}/events`, next: `${chat}/events?from=5` });
    expect(read.info).to.deep.equal({});
    const [system, agent] = read.events as LineEvent[];
    expect(system!.systemMessageId).to.equal(3);
    expect(agent).to.deep.include({ textType: 'html', by: 'Natalie', source: 'agent' });
    expect(agent).to.not.have.property('systemMessageId');
  });

  it('takes a single event object as a one-event list and keeps unknown types as other', () => {
    const read = toChatResource({
      events: {
        link: { '@href': `${chat}/events?from=15`, '@rel': 'next' },
        event: {
          '@id': '14',
          '@type': 'line-status',
          time: 't',
          metadata: [],
          source: 'visitor',
          lineStatus: 'ACCEPT',
          refSequenceId: '11',
        },
      },
    });
    expect(read.links.next).to.equal(`${chat}/events?from=15`);
    expect(read.events).to.deep.equal([
      {
        type: 'other',
        id: '14',
        time: 't',
        rawType: 'line-status',
        data: {
          id: '14',
          type: 'line-status',
          time: 't',
          metadata: [],
          source: 'visitor',
          lineStatus: 'ACCEPT',
          refSequenceId: '11',
        },
      },
    ]);
  });

  it('reads a missing event key as no events (empty poll)', () => {
    expect(
      toChatResource({ events: { link: [{ '@href': `${chat}/events?from=5`, '@rel': 'next' }] } }).events,
    ).to.deep.equal([]);
    const read = toChatResource({
      chat: { link: [{ '@href': `${chat}?from=5`, '@rel': 'next' }], info: { state: 'chatting' } },
    });
    expect(read.events).to.deep.equal([]);
    expect(read.links.next).to.equal(`${chat}?from=5`);
    expect(read.info.state).to.equal('chatting');
  });

  it('reads keys without @ (id/type, href/rel) like their @ forms', () => {
    const read = toChatResource({
      chat: {
        link: [{ href: `${chat}?from=1`, rel: 'next' }],
        events: { event: [{ id: '0', type: 'state', time: 't', state: 'chatting' }] },
        info: { link: { href: `${chat}/info/agentTyping`, rel: 'agent-typing' } },
      },
    });
    expect(read.events).to.deep.equal([{ type: 'state', id: '0', time: 't', state: 'chatting' }]);
    expect(read.links).to.deep.equal({ next: `${chat}?from=1`, agentTyping: `${chat}/info/agentTyping` });
  });

  it('orders events by numeric id', () => {
    const line = (id: string | number) => ({ '@id': id, '@type': 'line', text: `l${id}`, source: 'agent', by: 'a' });
    const read = toChatResource({ events: { event: [line('10'), line(9), line('2')] } });
    expect(read.events.map((event) => event.id)).to.deep.equal(['2', '9', '10']);
  });

  it('shows a line of unknown textType as plain text, and keeps string numbers and booleans readable', () => {
    const read = toChatResource({
      chat: {
        events: {
          event: { '@id': 7, '@type': 'line', textType: 'markdown', text: '*hi*', source: 'agent', by: 'Ann' },
        },
        info: {
          state: 'chatting',
          chatTimeout: '40',
          agentId: 25025413,
          agentTyping: 'typing',
          visitorTyping: 'unknown',
        },
      },
    });
    expect(read.events[0]).to.deep.include({ id: '7', textType: 'plain', text: '*hi*', time: '' });
    expect(read.info).to.deep.equal({
      state: 'chatting',
      chatTimeout: 40,
      agentId: '25025413',
      agentTyping: 'typing',
      visitorTyping: 'unknown',
    });
  });

  it('keeps state events with an unknown state as other', () => {
    const [event] = toChatResource({
      events: { event: { '@id': '3', '@type': 'state', state: 'interactive' } },
    }).events;
    expect(event).to.deep.include({ type: 'other', rawType: 'state' });
  });

  describe('a2a-transfer', () => {
    const target = 'https://base.liveperson.net/api/account/70648893/chat/request';

    it('maps the documented event: domain, remote account, parameters as they came, the a2a-transfer link', () => {
      const [event] = toChatResource({
        events: {
          event: {
            '@id': '9',
            '@type': 'a2a-transfer',
            time: 't',
            domain: 'base.liveperson.net',
            chatRequestParameters: { a2aEventId: 467, a2aSourceSessionId: 8396550, a2aSourceSiteId: 81992017, skill: 'test' },
            remoteSiteId: 70648893,
            link: { '@href': target, '@rel': 'a2a-transfer' },
          },
        },
      }).events;
      expect(event).to.deep.equal({
        type: 'a2a-transfer',
        id: '9',
        time: 't',
        domain: 'base.liveperson.net',
        remoteSiteId: '70648893',
        // Numbers stay numbers: they go back to the platform as they came.
        chatRequestParameters: { a2aEventId: 467, a2aSourceSessionId: 8396550, a2aSourceSiteId: 81992017, skill: 'test' },
        link: target,
      });
    });

    it('reads href/rel links among others, one event as an object, and numbers as strings', () => {
      const [event] = toChatResource({
        events: {
          event: {
            id: '3',
            type: 'a2a-transfer',
            domain: 'base.liveperson.net:443',
            remoteSiteId: '70648893',
            chatRequestParameters: { a2aEventId: '467', a2aSourceSiteId: '81992017', skill: 'test' },
            link: [
              { href: 'https://base.liveperson.net/elsewhere', rel: 'self' },
              { href: target, rel: 'a2a-transfer' },
            ],
          },
        },
      }).events;
      expect(event).to.deep.equal({
        type: 'a2a-transfer',
        id: '3',
        time: '',
        domain: 'base.liveperson.net:443',
        remoteSiteId: '70648893',
        chatRequestParameters: { a2aEventId: '467', a2aSourceSiteId: '81992017', skill: 'test' },
        link: target,
      });
    });

    it('keeps what is missing missing: no parameters object, no a2a-transfer link', () => {
      const [bare] = toChatResource({
        events: { event: { '@id': '2', '@type': 'a2a-transfer', chatRequestParameters: 'x', link: { '@href': target, '@rel': 'self' } } },
      }).events;
      expect(bare).to.deep.equal({ type: 'a2a-transfer', id: '2', time: '', chatRequestParameters: {} });
    });
  });

  it('rejects a body without a chat or events object as malformed', () => {
    for (const body of [undefined, 'oops', [], {}, { chat: 'x' }, { events: [] }, { error: { message: 'x' } }]) {
      expect(() => toChatResource(body), JSON.stringify(body))
        .to.throw()
        .with.property('code', 'malformed');
    }
  });
});

describe('toSurvey', () => {
  it('maps the pre-chat example (strings for numbers and booleans), entries and logic', () => {
    const survey = toSurvey({
      survey: {
        id: '40216',
        title: '',
        header: 'To help us serve you better, please provide some information before we begin your chat.',
        questions: {
          question: [
            {
              mandatory: 'true',
              validationType: 'alpha_numeric',
              order: '1',
              logicId: '5',
              id: '16314710',
              type: 'Text Field',
              label: 'What is your name?',
              lastKnownValue: 'John',
            },
            {
              mandatory: 'true',
              validationType: 'alpha_numeric',
              order: '0',
              logicId: '4',
              id: '12786273',
              type: 'Dropdown Box',
              label: 'With whom would you like to chat?',
              entry: [
                { checked: 'false', value: 'CATS', logic: { showLogicId: '5' } },
                { checked: 'true', value: 'DOGS' },
              ],
            },
          ],
        },
      },
    });
    expect(survey).to.deep.equal({
      id: '40216',
      title: '',
      header: 'To help us serve you better, please provide some information before we begin your chat.',
      questions: [
        {
          id: '12786273',
          order: 0,
          mandatory: true,
          validation: 'alpha_numeric',
          logicId: '4',
          label: 'With whom would you like to chat?',
          type: 'dropdown',
          lastKnownValue: '',
          entries: [
            { value: 'CATS', label: 'CATS', checked: false, showLogicIds: ['5'] },
            { value: 'DOGS', label: 'DOGS', checked: true, showLogicIds: [] },
          ],
        },
        {
          id: '16314710',
          order: 1,
          mandatory: true,
          validation: 'alpha_numeric',
          logicId: '5',
          label: 'What is your name?',
          type: 'text',
          lastKnownValue: 'John',
          entries: [],
        },
      ],
    });
  });

  it('takes a single question object (offline example) as a one-question survey', () => {
    const survey = toSurvey({
      survey: {
        id: '40290',
        title: '',
        header: 'Send A Message',
        questions: {
          question: {
            mandatory: 'false',
            order: '0',
            validationType: 'alpha_numeric',
            logicId: '6',
            id: '13387460',
            type: 'Text Area',
            label: 'What do you want? :',
            lastKnownValue: '',
          },
        },
      },
    });
    expect(survey!.questions).to.have.length(1);
    expect(survey!.questions[0]).to.deep.include({ id: '13387460', type: 'textarea', mandatory: false });
  });

  it('maps the exit example (real numbers and booleans), displayValue as label, a single entry and showLogicId arrays', () => {
    const survey = toSurvey({
      survey: {
        id: 361348,
        title: '',
        header: '',
        questions: {
          question: [
            {
              type: 'Radio Button',
              validationType: 'alpha_numeric',
              id: 4991315,
              logicId: 1,
              order: 0,
              mandatory: false,
              label: 'Would you like us to email you a transcript of this chat?',
              entry: [
                { checked: false, value: 'yes', displayValue: 'Yes', logic: { showLogicId: [2, 3] } },
                { checked: true, value: 'no', displayValue: 'No' },
              ],
            },
            {
              type: 'Radio Button (side by side)',
              validationType: 'numeric',
              id: 2,
              order: 1,
              mandatory: true,
              label: 'Rate us',
              entry: { checked: false, value: '5' },
            },
            {
              type: 'Checkbox',
              validationType: 'email',
              id: 3,
              order: 2,
              label: 'Topics',
              entry: [{ value: 'a' }, { value: 'b' }],
            },
          ],
        },
      },
    })!;
    expect(survey.id).to.equal('361348');
    const [radio, side, checkbox] = survey.questions;
    expect(radio).to.deep.include({ id: '4991315', logicId: '1', type: 'radio', mandatory: false });
    expect(radio!.entries).to.deep.equal([
      { value: 'yes', label: 'Yes', checked: false, showLogicIds: ['2', '3'] },
      { value: 'no', label: 'No', checked: true, showLogicIds: [] },
    ]);
    expect(side).to.deep.include({ type: 'radio-side-by-side', validation: 'numeric', mandatory: true });
    expect(side!.entries).to.deep.equal([{ value: '5', label: '5', checked: false, showLogicIds: [] }]);
    expect(checkbox).to.deep.include({ type: 'checkbox', validation: 'email', mandatory: false });
    expect(checkbox).to.not.have.property('logicId');
  });

  it('sorts by order and leaves out questions of unknown types', () => {
    const survey = toSurvey({
      survey: {
        id: '1',
        questions: {
          question: [
            { id: 'c', order: '10', type: 'Text Field', label: 'c' },
            { id: 'x', order: '0', type: 'Date Picker', label: 'x' },
            { id: 'a', order: '2', type: 'Text Area', label: 'a' },
            { id: 'b', order: '3', type: 'Checkbox', label: 'b' },
          ],
        },
      },
    })!;
    expect(survey.questions.map((question) => question.id)).to.deep.equal(['a', 'b', 'c']);
  });

  it('reads every "no survey" variant as null', () => {
    for (const body of [
      undefined,
      {},
      { survey: null },
      { survey: {} },
      { survey: { id: '1', questions: {} } },
      { survey: { id: '1', questions: { question: [] } } },
      { survey: { id: '1', questions: { question: { id: 'x', type: 'Unknown' } } } },
    ]) {
      expect(toSurvey(body), JSON.stringify(body)).to.equal(null);
    }
  });
});

describe('toEngagement', () => {
  it('maps an available engagement (string ids, real numbers)', () => {
    expect(
      toEngagement({
        status: 'Available',
        sessionId: 'abc',
        visitorId: 'xyz',
        pageId: '4743822558',
        engagementDetails: {
          campaignId: '3346848610',
          engagementId: '3562981110',
          contextId: '1',
          windowId: '3346847910',
          language: 'en-US',
          engagementRevision: 44,
          validForSeconds: '900',
          skillId: 23,
          skillName: 'TestSkill',
        },
      }),
    ).to.deep.equal({
      status: 'Available',
      sessionId: 'abc',
      visitorId: 'xyz',
      pageId: '4743822558',
      details: {
        campaignId: '3346848610',
        engagementId: '3562981110',
        contextId: '1',
        windowId: '3346847910',
        language: 'en-US',
        engagementRevision: 44,
        validForSeconds: 900,
        skillId: '23',
        skillName: 'TestSkill',
      },
    });
  });

  it('maps a not-available engagement without details', () => {
    expect(toEngagement({ status: 'NotAvailable', sessionId: 'abc', visitorId: 'xyz', pageId: '1' })).to.deep.equal({
      status: 'NotAvailable',
      sessionId: 'abc',
      visitorId: 'xyz',
      pageId: '1',
    });
  });

  it('reads any other status as Pending (not an answer yet), ids kept; no status at all is malformed but worth another try', () => {
    expect(toEngagement({ status: 'Waiting', visitorId: 'x', sessionId: 's', pageId: '1' })).to.deep.equal({
      status: 'Pending',
      visitorId: 'x',
      sessionId: 's',
      pageId: '1',
    });
    for (const body of [{ status: '' }, { status: 3 }, {}, undefined]) {
      let error: ChatApiError | undefined;
      try {
        toEngagement(body);
      } catch (caught) {
        error = caught as ChatApiError;
      }
      expect(error).to.include({ code: 'malformed', retryable: true });
    }
  });
});

describe('small responses', () => {
  it('reads availability as a boolean or a string boolean', () => {
    expect(toAvailability({ availability: true })).to.equal(true);
    expect(toAvailability({ availability: 'true' })).to.equal(true);
    expect(toAvailability({ availability: 'false' })).to.equal(false);
    expect(() => toAvailability({}))
      .to.throw()
      .with.property('code', 'malformed');
  });

  it('reads the estimated wait time as a number or a string number', () => {
    expect(toWaitTime({ estimatedWaitTime: 0 })).to.equal(0);
    expect(toWaitTime({ estimatedWaitTime: '-1' })).to.equal(-1);
    expect(() => toWaitTime({ estimatedWaitTime: 'soon' }))
      .to.throw()
      .with.property('code', 'malformed');
    expect(() => toWaitTime(undefined))
      .to.throw()
      .with.property('code', 'malformed');
  });

  it('asArray wraps singletons and reads missing as empty', () => {
    expect(asArray(undefined)).to.deep.equal([]);
    expect(asArray(null)).to.deep.equal([]);
    expect(asArray(1)).to.deep.equal([1]);
    expect(asArray([1, 2])).to.deep.equal([1, 2]);
  });
});


describe('request bodies', () => {
  it('builds the documented chat request, ids numeric when numeric', () => {
    expect(
      toChatRequestBody({
        engagement,
        interactionTimeout: 40,
        userAgent: 'UA',
        preChatLines: ['From a mobile browser'],
        survey: { id: '40216', answers: { '12786273': 'CATS', '16314710': 'John', '7': ['1', '2'] } },
      }),
    ).to.deep.equal({
      request: {
        skill: 'Sales',
        interactionTimeout: 40,
        userAgent: 'UA',
        language: 'en-US',
        LETagVisitorId: 'rloXnVgEQ-iQuoOytvKNqA',
        LETagSessionId: 'rN82d4rATN6EuiA4cJwaPg',
        LETagContextId: '2',
        engagementId: 27469613,
        campaignId: 26948813,
        preChatLines: { line: ['From a mobile browser'] },
        survey: {
          id: 40216,
          question: [
            { id: 7, answer: ['1', '2'] },
            { id: 12786273, answer: 'CATS' },
            { id: 16314710, answer: 'John' },
          ],
        },
      },
    });
  });

  it('sends only what it has, and the given skill and language over the engagement ones', () => {
    expect(toChatRequestBody({})).to.deep.equal({ request: {} });
    expect(
      toChatRequestBody({ skill: 'Billing', language: 'de-DE', engagement, preChatLines: [] }).request,
    ).to.deep.include({
      skill: 'Billing',
      language: 'de-DE',
    });
    expect(
      toChatRequestBody({ engagement: { ...engagement, details: { ...engagement.details!, engagementId: 'eng-a' } } })
        .request.engagementId,
    ).to.equal('eng-a');
  });

  it("merges a transfer's chatRequestParameters in as they are, over what the window sends", () => {
    const chatRequestParameters = { a2aEventId: 467, a2aSourceSessionId: '8396550', a2aSourceSiteId: 81992017, skill: 'test' };
    expect(
      toChatRequestBody({
        skill: 'Sales',
        language: 'en-US',
        interactionTimeout: 40,
        chatReferrer: 'https://brand.example/',
        survey: { id: '40216', answers: { '5': 'Ada' } },
        transfer: { domain: 'base.liveperson.net', remoteSiteId: '70648893', chatRequestParameters },
      }),
    ).to.deep.equal({
      request: {
        skill: 'test',
        language: 'en-US',
        interactionTimeout: 40,
        chatReferrer: 'https://brand.example/',
        survey: { id: 40216, question: [{ id: 5, answer: 'Ada' }] },
        a2aEventId: 467,
        a2aSourceSessionId: '8396550',
        a2aSourceSiteId: 81992017,
      },
    });
  });

  it('builds the offline survey body with the monitoring ids, skill and user agent', () => {
    expect(toOfflineBody({ surveyId: '361346', answers: { '4991310': 'natalie' }, engagement })).to.deep.equal({
      survey: {
        id: 361346,
        question: [{ id: 4991310, answer: 'natalie' }],
        LETagVisitorId: 'rloXnVgEQ-iQuoOytvKNqA',
        LETagSessionId: 'rN82d4rATN6EuiA4cJwaPg',
        LETagContextId: '2',
        skill: 'Sales',
        userAgent: navigator.userAgent,
      },
    });
  });

  it('builds the engagement body, deriving os, its version, device family and app (browser) version from the user agent', () => {
    const body = (agent: string) => toEngagementBody({}, agent).appDetails;
    expect(body('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0.6099.71 Safari/537.36 Edg/120.0.2210.61')).to.deep.equal({
      os: 'WINDOWS',
      osVersion: '10.0',
      deviceFamily: 'DESKTOP',
      appVersion: 'Chrome/120.0.6099.71',
    });
    expect(body('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Version/17.4 Safari/605.1.15')).to.deep.equal({
      os: 'MAC_OSX',
      osVersion: '10.15.7',
      deviceFamily: 'DESKTOP',
      appVersion: 'Version/17.4',
    });
    expect(body('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Mobile/15E148')).to.deep.equal({
      os: 'IOS',
      osVersion: '17.0',
      deviceFamily: 'MOBILE',
      appVersion: 'Version/17.0',
    });
    expect(body('Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) Mobile/15E148')).to.deep.equal({
      os: 'IOS',
      osVersion: '17.0',
      deviceFamily: 'TABLET',
    });
    expect(body('Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/124.0.0.0 Mobile Safari/537')).to.deep.equal({
      os: 'ANDROID',
      osVersion: '14',
      deviceFamily: 'MOBILE',
      appVersion: 'Chrome/124.0.0.0',
    });
    expect(body('Mozilla/5.0 (Linux; Android 13; SM-X200) Safari/537')).to.deep.equal({
      os: 'ANDROID',
      osVersion: '13',
      deviceFamily: 'TABLET',
    });
    expect(body('Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0')).to.deep.equal({
      os: 'LINUX',
      deviceFamily: 'DESKTOP',
      appVersion: 'Firefox/120.0',
    });
    expect(body('')).to.deep.equal({});
    expect(
      toEngagementBody(
        { consumerSections: ['Support'], engagementAttributes: [{ type: 'ctmrinfo', info: { customerId: 'c1' } }] },
        '',
      ),
    ).to.deep.equal({
      appType: 'EXTERNAL',
      appDetails: {},
      consumerSections: ['Support'],
      engagementAttributes: [{ type: 'ctmrinfo', info: { customerId: 'c1' } }],
    });
  });
});
