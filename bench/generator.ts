/**
 * A seeded, reproducible generator of realistic Tandem data: tenants (organisations), mentoring programs,
 * participants (mentors and mentees), pairings and their sessions over months, and the event streams those
 * produce. The same seed always yields the same data (no Math.random, no wall clock): the benchmarks use it for
 * payloads and the demo seed can reuse it.
 *
 * Everything is generated lazily where volumes are large (`eventStream`), so a million events never sit in
 * memory at once.
 */

// ---- PRNG --------------------------------------------------------------------------------------------

/** mulberry32: a tiny, fast 32-bit PRNG with good enough statistical quality for test data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Convenience wrapper over mulberry32. */
export class Rng {
  private readonly next01: () => number;

  constructor(readonly seed: number) {
    this.next01 = mulberry32(seed);
  }

  /** [0, 1) */
  next(): number {
    return this.next01();
  }

  /** Integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next01() * (max - min + 1));
  }

  bool(probability = 0.5): boolean {
    return this.next01() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next01() * items.length)];
  }

  /** Picks by weight: `[[value, weight], ...]`. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next01() * total;
    for (const [value, weight] of items) {
      r -= weight;
      if (r < 0) return value;
    }
    return items[items.length - 1][0];
  }

  /** `count` distinct items (or all of them). */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    const out: T[] = [];
    while (out.length < count && copy.length > 0) out.push(copy.splice(Math.floor(this.next01() * copy.length), 1)[0]);
    return out;
  }

  /** Roughly normal (Irwin–Hall of 4), clamped. */
  normal(mean: number, sd: number, min = -Infinity, max = Infinity): number {
    const z = (this.next01() + this.next01() + this.next01() + this.next01() - 2) * Math.sqrt(3);
    return Math.min(max, Math.max(min, mean + z * sd));
  }

  /** A version-4-shaped UUID drawn from the generator: reproducible from the seed. */
  uuid(): string {
    const bytes = new Uint8Array(16);
    for (let i = 0; i < 16; i += 4) {
      const v = Math.floor(this.next01() * 4294967296) >>> 0;
      bytes[i] = v >>> 24;
      bytes[i + 1] = (v >>> 16) & 0xff;
      bytes[i + 2] = (v >>> 8) & 0xff;
      bytes[i + 3] = v & 0xff;
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /** A child generator with its own stream, so adding draws in one place does not shift another. */
  fork(label: string): Rng {
    let h = this.seed ^ 0x9e3779b9;
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
    return new Rng(h >>> 0);
  }
}

// ---- vocabulary ------------------------------------------------------------------------------------

const COMPANY_STEMS = ['Acme', 'Northwind', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Tyrell',
  'Cyberdyne', 'Soylent', 'Wonka', 'Gringotts', 'Oscorp', 'Aperture', 'Massive', 'Pied Piper', 'Dunder', 'Monarch'];
const COMPANY_SUFFIXES = ['Corp', 'Group', 'Industries', 'Labs', 'Health', 'Bank', 'Logistics', 'Retail', 'Energy', 'Systems'];
const TIMEZONES = ['Europe/Berlin', 'Europe/London', 'America/New_York', 'America/Chicago', 'America/Los_Angeles', 'Asia/Singapore', 'Australia/Sydney'];
const FIRST_NAMES = ['Ada', 'Amara', 'Ben', 'Chen', 'Dana', 'Diego', 'Elif', 'Farah', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kwame', 'Lena',
  'Maya', 'Noah', 'Olu', 'Priya', 'Quinn', 'Rosa', 'Sami', 'Tariq', 'Uma', 'Viktor', 'Wen', 'Ximena', 'Yusuf', 'Zoe'];
const LAST_NAMES = ['Adeyemi', 'Berg', 'Castillo', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Haddad', 'Ivanova', 'Jensen', 'Kim',
  'Lopez', 'Murphy', 'Nakamura', 'Okafor', 'Patel', 'Rossi', 'Schmidt', 'Tanaka', 'Usman', 'Varga', 'Whitfield', 'Yilmaz', 'Zhang'];
const DEPARTMENTS = ['Engineering', 'Product', 'Design', 'Sales', 'Marketing', 'Finance', 'People', 'Operations', 'Legal', 'Data'];
const SKILLS = ['leadership', 'public speaking', 'system design', 'negotiation', 'career planning', 'stakeholder management',
  'data analysis', 'coaching', 'product strategy', 'people management', 'writing', 'budgeting', 'hiring', 'architecture',
  'customer discovery', 'conflict resolution', 'time management', 'executive presence', 'cloud', 'security'];
const PROGRAM_THEMES = [
  ['Women in Engineering', 'Grow the next generation of senior engineers', 'promotions'],
  ['New Manager Launchpad', 'Help first-time managers through their first year', 'manager retention'],
  ['Graduate Onboarding', 'Pair every graduate with an experienced colleague', 'graduate retention'],
  ['Leadership Circle', 'Prepare high-potential staff for leadership roles', 'internal promotions'],
  ['Cross-functional Exchange', 'Build bridges between departments', 'cross-team projects'],
  ['Returners Programme', 'Support colleagues returning from extended leave', 'returner retention'],
  ['Sales Excellence', 'Raise the bar on consultative selling', 'win rate'],
  ['Data Literacy', 'Spread data skills beyond the data team', 'certifications'],
] as const;
const SESSION_TOPICS = ['career goals', 'a difficult conversation', 'feedback on a presentation', 'promotion case', 'project retro',
  'stakeholder map', 'reading list', 'time management', 'interview preparation', 'team conflict', 'salary negotiation', 'side project'];

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/(^-|-$)/g, '');
const DAY = 86_400_000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

// ---- the model ---------------------------------------------------------------------------------------

export interface Tenant {
  tenantId: string;
  name: string;
  domain: string;
  timezone: string;
  employees: number;
}

/** The body of `POST /programs` (CreateProgramDto). */
export interface CreateProgramRequest {
  name: string;
  purpose?: string;
  format?: 'one-to-one';
  lifecycle: { kind: 'cohort'; startsOn: string; endsOn: string } | { kind: 'evergreen' };
  maxPairs?: number;
  expectations: { sessionsPerMonth: number; sessionMinutes: number; commitmentMonths?: number };
  objectives: { description: string; metric: string; target: number }[];
  sponsor?: { name: string; email?: string };
  managers?: string[];
}

export interface Program {
  tenantId: string;
  programId: string;
  createdBy: string;
  createdAt: string;
  request: CreateProgramRequest;
}

export interface Participant {
  tenantId: string;
  participantId: string;
  name: string;
  email: string;
  role: 'mentor' | 'mentee';
  department: string;
  /** 1 (junior) … 6 (executive). */
  seniority: number;
  skills: string[];
  goals: string[];
  timezone: string;
  /** Mentors only: how many mentees they take at most. */
  capacity: number;
}

export interface Pairing {
  tenantId: string;
  programId: string;
  pairingId: string;
  mentorId: string;
  menteeId: string;
  startedOn: string;
}

export interface Session {
  tenantId: string;
  pairingId: string;
  sessionId: string;
  scheduledFor: string;
  outcome: 'held' | 'cancelled' | 'no-show';
  minutes: number;
  topic: string;
  menteeRating: number | null;
}

/** An event as it is appended to the event store. */
export interface GeneratedEvent {
  tenantId: string;
  streamId: string;
  /** 1-based version of the event in its stream. */
  streamVersion: number;
  eventId: string;
  type: string;
  data: Record<string, unknown>;
  metadata: { correlationId: string; actor: { id: string; roles: string[] } };
  recordedAt: string;
}

export interface DatasetSize {
  tenants: number;
  programsPerTenant: number;
  participantsPerProgram: number;
  /** Months of activity simulated per pairing. */
  months: number;
}

export interface Dataset {
  seed: number;
  tenants: Tenant[];
  programs: Program[];
  participants: Participant[];
  pairings: Pairing[];
  sessions: Session[];
}

export interface GeneratorOptions {
  seed: number;
  /** Where simulated time starts (ISO date); fixed so the data never depends on the wall clock. */
  epoch?: string;
}

/** Reproducible data from one seed. Independent draws come from forked streams. */
export class DataGenerator {
  readonly seed: number;
  private readonly epochMs: number;
  private readonly ids: Rng;
  private readonly rng: Rng;

  constructor(options: GeneratorOptions) {
    this.seed = options.seed;
    this.epochMs = Date.parse(`${options.epoch ?? '2026-01-05'}T08:00:00.000Z`);
    this.rng = new Rng(options.seed);
    this.ids = this.rng.fork('ids');
  }

  uuid(): string {
    return this.ids.uuid();
  }

  tenant(index: number): Tenant {
    const r = this.rng.fork(`tenant:${index}`);
    const name = `${COMPANY_STEMS[index % COMPANY_STEMS.length]} ${r.pick(COMPANY_SUFFIXES)}`;
    const suffix = index >= COMPANY_STEMS.length ? `-${Math.floor(index / COMPANY_STEMS.length)}` : '';
    return {
      tenantId: `${slug(name)}${suffix}`,
      name,
      domain: `${slug(name)}${suffix}.example.com`,
      timezone: r.pick(TIMEZONES),
      employees: r.weighted([[250, 3], [1200, 4], [8000, 2], [40000, 1]] as const),
    };
  }

  /** A valid `POST /programs` body; `index` varies the theme and numbers. */
  programRequest(r: Rng = this.rng, index = r.int(0, 1_000_000)): CreateProgramRequest {
    const [theme, purpose, metric] = PROGRAM_THEMES[index % PROGRAM_THEMES.length];
    const year = 2026 + r.int(0, 2);
    const cohort = r.bool(0.8);
    const startMonth = r.int(1, 9);
    const months = r.pick([3, 6, 6, 9, 12]);
    const starts = Date.UTC(year, startMonth - 1, r.int(1, 20));
    const sponsorFirst = r.pick(FIRST_NAMES);
    const sponsorLast = r.pick(LAST_NAMES);
    return {
      name: `${theme} ${year}${cohort ? ` – cohort ${r.int(1, 4)}` : ''}`,
      purpose,
      format: 'one-to-one',
      lifecycle: cohort ? { kind: 'cohort', startsOn: isoDate(starts), endsOn: isoDate(starts + months * 30 * DAY) } : { kind: 'evergreen' },
      maxPairs: r.pick([10, 20, 25, 40, 50, 100, 250]),
      expectations: { sessionsPerMonth: r.pick([1, 2, 2, 4]), sessionMinutes: r.pick([30, 45, 45, 60, 90]), commitmentMonths: months },
      objectives: r.sample(
        [
          { description: `Improve ${metric} among mentees`, metric: 'verified-outcomes', target: r.int(3, 40) },
          { description: 'Mentees rate the programme as valuable', metric: 'average-session-rating', target: 4 },
          { description: 'Pairs meet as agreed', metric: 'sessions', target: months * 2 * 10 },
          { description: 'Participants recommend the programme', metric: 'nps', target: r.int(20, 60) },
        ],
        r.int(1, 3),
      ),
      sponsor: { name: `${sponsorFirst} ${sponsorLast}`, email: `${slug(sponsorFirst)}.${slug(sponsorLast)}@example.com` },
    };
  }

  participant(tenant: Tenant, role: Participant['role'], r: Rng = this.rng): Participant {
    const first = r.pick(FIRST_NAMES);
    const last = r.pick(LAST_NAMES);
    const seniority = role === 'mentor' ? r.int(3, 6) : r.int(1, 4);
    return {
      tenantId: tenant.tenantId,
      participantId: this.uuid(),
      name: `${first} ${last}`,
      email: `${slug(first)}.${slug(last)}.${r.int(1, 999)}@${tenant.domain}`,
      role,
      department: r.pick(DEPARTMENTS),
      seniority,
      skills: r.sample(SKILLS, r.int(2, 5)),
      goals: r.sample(SKILLS, r.int(1, 3)),
      timezone: r.bool(0.8) ? tenant.timezone : r.pick(TIMEZONES),
      capacity: role === 'mentor' ? r.weighted([[1, 5], [2, 3], [3, 1]] as const) : 0,
    };
  }

  /** Sessions of one pairing over `months`, at the program's cadence, with realistic cancellations. */
  sessions(pairing: Pairing, program: Pick<CreateProgramRequest, 'expectations'>, months: number, r: Rng = this.rng): Session[] {
    const perMonth = program.expectations.sessionsPerMonth;
    const count = Math.max(1, Math.round(perMonth * months * r.normal(0.9, 0.2, 0.3, 1.2)));
    const start = Date.parse(`${pairing.startedOn}T09:00:00.000Z`);
    const gap = (30 * DAY) / perMonth;
    const out: Session[] = [];
    for (let i = 0; i < count; i++) {
      const outcome = r.weighted([['held', 85], ['cancelled', 11], ['no-show', 4]] as const);
      out.push({
        tenantId: pairing.tenantId,
        pairingId: pairing.pairingId,
        sessionId: this.uuid(),
        scheduledFor: new Date(start + i * gap + r.int(-2, 2) * DAY + r.int(0, 8) * 3_600_000).toISOString(),
        outcome,
        minutes: outcome === 'held' ? Math.round(r.normal(program.expectations.sessionMinutes, 10, 15, 120)) : 0,
        topic: r.pick(SESSION_TOPICS),
        menteeRating: outcome === 'held' && r.bool(0.7) ? r.int(3, 5) : null,
      });
    }
    return out;
  }

  /** A whole organisation graph: tenants → programs → participants → pairings → sessions. */
  dataset(size: DatasetSize, onProgress?: (line: string) => void): Dataset {
    const data: Dataset = { seed: this.seed, tenants: [], programs: [], participants: [], pairings: [], sessions: [] };
    for (let t = 0; t < size.tenants; t++) {
      const tenant = this.tenant(t);
      data.tenants.push(tenant);
      const r = this.rng.fork(`dataset:${t}`);
      for (let p = 0; p < size.programsPerTenant; p++) {
        const request = this.programRequest(r, t * 31 + p);
        const manager = this.participant(tenant, 'mentor', r);
        const program: Program = {
          tenantId: tenant.tenantId,
          programId: this.uuid(),
          createdBy: manager.participantId,
          createdAt: new Date(this.epochMs + r.int(0, 60) * DAY).toISOString(),
          request,
        };
        data.programs.push(program);
        const mentors = Array.from({ length: Math.max(1, Math.round(size.participantsPerProgram / 3)) }, () => this.participant(tenant, 'mentor', r));
        const mentees = Array.from({ length: size.participantsPerProgram - mentors.length }, () => this.participant(tenant, 'mentee', r));
        data.participants.push(...mentors, ...mentees);
        const load = new Map<string, number>();
        for (const mentee of mentees) {
          const mentor = mentors.find((m) => (load.get(m.participantId) ?? 0) < m.capacity && m.department !== mentee.department)
            ?? mentors.find((m) => (load.get(m.participantId) ?? 0) < m.capacity);
          if (!mentor) continue; // more mentees than mentor capacity: realistic waiting list
          load.set(mentor.participantId, (load.get(mentor.participantId) ?? 0) + 1);
          const pairing: Pairing = {
            tenantId: tenant.tenantId,
            programId: program.programId,
            pairingId: this.uuid(),
            mentorId: mentor.participantId,
            menteeId: mentee.participantId,
            startedOn: isoDate(Date.parse(program.createdAt) + r.int(7, 45) * DAY),
          };
          data.pairings.push(pairing);
          data.sessions.push(...this.sessions(pairing, request, size.months, r));
        }
      }
      onProgress?.(`[generator] tenant ${t + 1}/${size.tenants}: ${data.programs.length} programs, ${data.participants.length} participants, ${data.pairings.length} pairings, ${data.sessions.length} sessions`);
    }
    return data;
  }

  /**
   * The events of one pairing's stream (`Pairing-<id>`): started, goals, then sessions scheduled and held /
   * cancelled with feedback over the months, optionally ended. `count` forces an exact length (padding with more
   * sessions), for benchmarks that need fixed-size streams.
   */
  pairingEvents(tenantId: string, options: { count?: number; months?: number; r?: Rng } = {}): GeneratedEvent[] {
    const r = options.r ?? this.rng;
    const walker = new PairingWalker(this, tenantId, r, this.epochMs + r.int(0, 90) * DAY, options.months ?? 6);
    const events: GeneratedEvent[] = [];
    const target = options.count;
    while (target === undefined ? !walker.done : events.length < target) {
      const event = walker.next(target !== undefined);
      if (!event) break;
      events.push(event);
    }
    return events;
  }

  /**
   * An endless-looking, interleaved stream of events across many tenants and pairings in commit order, as a
   * busy installation would record them. Yields `total` events in batches of `batchSize`.
   */
  *eventStream(options: { total: number; tenants?: number; activePairings?: number; batchSize?: number; onProgress?: (done: number) => void }): Generator<GeneratedEvent[]> {
    const r = this.rng.fork('eventStream');
    const tenants = Array.from({ length: options.tenants ?? 40 }, (_, i) => this.tenant(i));
    const active = options.activePairings ?? 2000;
    const batchSize = options.batchSize ?? 5000;
    let clock = this.epochMs;
    const walkers: PairingWalker[] = [];
    const spawn = () => new PairingWalker(this, r.pick(tenants).tenantId, r, clock, r.int(3, 12));
    for (let i = 0; i < active; i++) walkers.push(spawn());
    let produced = 0;
    let batch: GeneratedEvent[] = [];
    while (produced < options.total) {
      const slot = r.int(0, walkers.length - 1);
      clock += r.int(1, 4000); // a few events per second across the installation
      let event = walkers[slot].next(false, clock);
      if (!event) {
        walkers[slot] = spawn();
        event = walkers[slot].next(false, clock)!;
      }
      batch.push(event);
      produced++;
      if (batch.length === batchSize) {
        yield batch;
        batch = [];
        options.onProgress?.(produced);
      }
    }
    if (batch.length) {
      yield batch;
      options.onProgress?.(produced);
    }
  }
}

/** Walks one pairing's life event by event. */
class PairingWalker {
  readonly pairingId: string;
  readonly streamId: string;
  private version = 0;
  private phase: 'start' | 'goals' | 'sessions' | 'end' | 'done' = 'start';
  private goals: string[] = [];
  private pending: Session | undefined;
  private sessionIndex = 0;
  private readonly programId: string;
  private readonly mentorId: string;
  private readonly menteeId: string;
  private readonly sessionMinutes: number;
  private readonly sessionsPerMonth: number;
  private readonly totalSessions: number;
  private readonly correlation: string;

  constructor(
    private readonly gen: DataGenerator,
    readonly tenantId: string,
    private readonly r: Rng,
    private at: number,
    months: number,
  ) {
    this.pairingId = gen.uuid();
    this.streamId = `Pairing-${this.pairingId}`;
    this.programId = gen.uuid();
    this.mentorId = gen.uuid();
    this.menteeId = gen.uuid();
    this.sessionMinutes = r.pick([30, 45, 45, 60]);
    this.sessionsPerMonth = r.pick([1, 2, 2, 4]);
    this.totalSessions = Math.max(1, Math.round(this.sessionsPerMonth * months * r.normal(0.9, 0.2, 0.3, 1.2)));
    this.correlation = gen.uuid();
  }

  get done(): boolean {
    return this.phase === 'done';
  }

  next(endless: boolean, at?: number): GeneratedEvent | undefined {
    const r = this.r;
    this.at = at ?? this.at + r.int(1, 3) * DAY;
    const emit = (type: string, data: Record<string, unknown>, actorRole = 'mentee'): GeneratedEvent => ({
      tenantId: this.tenantId,
      streamId: this.streamId,
      streamVersion: ++this.version,
      eventId: this.gen.uuid(),
      type,
      data: { pairingId: this.pairingId, ...data },
      metadata: {
        correlationId: this.correlation,
        actor: { id: actorRole === 'mentor' ? this.mentorId : this.menteeId, roles: [actorRole] },
      },
      recordedAt: new Date(this.at).toISOString(),
    });
    switch (this.phase) {
      case 'start':
        this.phase = 'goals';
        return emit('PairingStarted', {
          programId: this.programId, mentorId: this.mentorId, menteeId: this.menteeId,
          startedOn: isoDate(this.at), agreedCadence: { sessionsPerMonth: this.sessionsPerMonth, sessionMinutes: this.sessionMinutes },
        }, 'program-manager');
      case 'goals': {
        const goal = r.pick(SKILLS);
        this.goals.push(goal);
        if (this.goals.length >= r.int(1, 3)) this.phase = 'sessions';
        return emit('GoalSet', { goalId: `goal-${this.goals.length}`, description: `Get better at ${goal}`, dueOn: isoDate(this.at + 120 * DAY) });
      }
      case 'sessions': {
        if (this.pending) {
          const s = this.pending;
          this.pending = undefined;
          if (s.outcome === 'held') {
            return emit('SessionHeld', { sessionId: s.sessionId, minutes: s.minutes, topic: s.topic, notes: `Talked about ${s.topic}; next: follow up on ${r.pick(SKILLS)}`, menteeRating: s.menteeRating }, 'mentor');
          }
          return emit('SessionCancelled', { sessionId: s.sessionId, reason: s.outcome === 'no-show' ? 'no-show' : r.pick(['illness', 'travel', 'workload', 'holiday']) });
        }
        if (this.sessionIndex >= this.totalSessions && !endless) {
          this.phase = 'end';
          if (this.goals.length && r.bool(0.6)) return emit('GoalAchieved', { goalId: `goal-${r.int(1, this.goals.length)}` });
          return this.next(endless, this.at);
        }
        this.sessionIndex++;
        const outcome = r.weighted([['held', 85], ['cancelled', 11], ['no-show', 4]] as const);
        this.pending = {
          tenantId: this.tenantId,
          pairingId: this.pairingId,
          sessionId: this.gen.uuid(),
          scheduledFor: new Date(this.at + r.int(2, 10) * DAY).toISOString(),
          outcome,
          minutes: outcome === 'held' ? Math.round(r.normal(this.sessionMinutes, 10, 15, 120)) : 0,
          topic: r.pick(SESSION_TOPICS),
          menteeRating: outcome === 'held' && r.bool(0.7) ? r.int(3, 5) : null,
        };
        return emit('SessionScheduled', { sessionId: this.pending.sessionId, scheduledFor: this.pending.scheduledFor, durationMinutes: this.sessionMinutes, topic: this.pending.topic });
      }
      case 'end':
        this.phase = 'done';
        return emit('PairingEnded', { reason: r.weighted([['completed', 8], ['mentee-left', 1], ['mismatch', 1]] as const), endedOn: isoDate(this.at) }, 'program-manager');
      case 'done':
        return undefined;
    }
  }
}

// ---- a fold over pairing streams (aggregate load and projections use the same logic) ---------------

export interface PairingSummary {
  pairingId: string | null;
  programId: string | null;
  status: 'none' | 'active' | 'ended';
  goals: number;
  goalsAchieved: number;
  scheduled: number;
  held: number;
  cancelled: number;
  minutes: number;
  ratingSum: number;
  ratings: number;
}

export const pairingSummary = {
  initialState: (): PairingSummary => ({
    pairingId: null, programId: null, status: 'none', goals: 0, goalsAchieved: 0, scheduled: 0, held: 0, cancelled: 0, minutes: 0, ratingSum: 0, ratings: 0,
  }),
  evolve(state: PairingSummary, event: { type: string; data: any }): PairingSummary {
    switch (event.type) {
      case 'PairingStarted':
        return { ...state, pairingId: event.data.pairingId, programId: event.data.programId, status: 'active' };
      case 'GoalSet':
        return { ...state, goals: state.goals + 1 };
      case 'GoalAchieved':
        return { ...state, goalsAchieved: state.goalsAchieved + 1 };
      case 'SessionScheduled':
        return { ...state, scheduled: state.scheduled + 1 };
      case 'SessionHeld':
        return {
          ...state,
          held: state.held + 1,
          minutes: state.minutes + event.data.minutes,
          ratingSum: state.ratingSum + (event.data.menteeRating ?? 0),
          ratings: state.ratings + (event.data.menteeRating ? 1 : 0),
        };
      case 'SessionCancelled':
        return { ...state, cancelled: state.cancelled + 1 };
      case 'PairingEnded':
        return { ...state, status: 'ended' };
      default:
        return state;
    }
  },
};
