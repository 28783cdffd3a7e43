import { Column, Entity, PrimaryColumn } from 'typeorm';

/** `analytics.programs`: one row per program, from enrollment's program events. */
@Entity({ schema: 'analytics', name: 'programs' })
export class ProgramRow {
  @PrimaryColumn({ name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn({ name: 'program_id' }) programId: string;
  @Column() name: string;
  @Column() status: string;
  @Column({ name: 'lifecycle_kind' }) lifecycleKind: string;
  @Column({ name: 'starts_on', type: 'date', nullable: true }) startsOn: string | null;
  @Column({ name: 'ends_on', type: 'date', nullable: true }) endsOn: string | null;
  @Column({ name: 'max_pairs', type: 'integer', nullable: true }) maxPairs: number | null;
  @Column({ name: 'sessions_per_month', type: 'numeric' }) sessionsPerMonth: number;
  @Column({ name: 'session_minutes', type: 'integer' }) sessionMinutes: number;
  @Column({ type: 'jsonb' }) objectives: unknown[];
  @Column({ name: 'sponsor_name', type: 'text', nullable: true }) sponsorName: string | null;
  @Column({ type: 'jsonb' }) managers: string[];
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: string;
  @Column({ name: 'status_changed_at', type: 'timestamptz' }) statusChangedAt: string;
}

/** `analytics.badge_definitions`: the badges recognition set up per program. */
@Entity({ schema: 'analytics', name: 'badge_definitions' })
export class BadgeDefinitionRow {
  @PrimaryColumn({ name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn({ name: 'program_id' }) programId: string;
  @PrimaryColumn({ name: 'badge_id' }) badgeId: string;
  @Column() name: string;
  @Column() tier: string;
  @Column({ name: 'defined_at', type: 'timestamptz' }) definedAt: string;
}
