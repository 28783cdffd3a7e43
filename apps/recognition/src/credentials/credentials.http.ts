import { Body, Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsObject, IsString, Length } from 'class-validator';
import { Database, type CommandContext } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { Clock, NotProgramScoped, PageOf, PageQuery, PathParamPipe, ProgramScope, Public, RateLimited, RequestContext, Roles, SubjectParam, UuidParam, type Page } from '@tandem/platform';
import { RevokeCredentialCommand } from './credentials.commands';
import { CredentialDocuments, credentialsPage, findCredential, type CredentialRow } from './credentials.queries';
import { IssuerKeys } from './issuer-keys';
import { verifyOpenBadge, type VerificationReport } from './open-badge';

class NumberParamPipe extends PathParamPipe {
  protected problem(value: string): string | undefined {
    return /^[1-9]\d{0,8}$/.test(value) ? undefined : 'must be a number from 1';
  }
}
const NumberParam = new NumberParamPipe();

export class CredentialView implements CredentialRow {
  @ApiProperty() credentialId: string;
  @ApiProperty() programId: string;
  @ApiProperty() personId: string;
  @ApiProperty({ nullable: true, type: String, description: 'The badge it certifies (awarded or granted); null for a custom recognition' }) badgeId: string | null;
  @ApiProperty({ nullable: true, type: String }) tier: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The grant it certifies; null for an award' }) grantId: string | null;
  @ApiProperty({ description: "The achievement's name" }) name: string;
  @ApiProperty({ description: 'The signed Open Badges 3.0 credential, public at this unguessable URL' }) url: string;
  @ApiProperty({ enum: ['issued', 'revoked'] }) status: 'issued' | 'revoked';
  @ApiProperty() issuedAt: string;
  @ApiProperty({ nullable: true, type: String }) revokedAt: string | null;
}

export class HeldCredentialView extends CredentialView {
  @ApiProperty({ description: 'The human-readable verification page' }) verificationPage: string;
  @ApiProperty({ description: 'LinkedIn "add to profile" (licenses and certifications), prefilled' }) linkedInUrl: string;
}

export class RevokeCredentialDto {
  @ApiProperty({ example: 'Issued for sessions that never took place' }) @IsString() @Length(1, 1000) reason: string;
}

export class VerifyCredentialDto {
  @ApiProperty({ description: 'An Open Badges 3.0 credential (JSON-LD) issued by this service', type: Object }) @IsObject() credential: Record<string, unknown>;
}

class CheckView {
  @ApiProperty() ok: boolean;
  @ApiProperty({ required: false }) error?: string;
}
class StatusCheckView extends CheckView {
  @ApiProperty() revoked: boolean;
}
class ChecksView {
  @ApiProperty({ type: CheckView }) signature: CheckView;
  @ApiProperty({ type: StatusCheckView }) status: StatusCheckView;
  @ApiProperty({ type: CheckView }) validity: CheckView;
  @ApiProperty({ type: CheckView }) issuer: CheckView;
}
export class VerificationView implements VerificationReport {
  @ApiProperty() verified: boolean;
  @ApiProperty({ type: ChecksView }) checks: ChecksView;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Verifiable credentials. Public, without a token: each credential at its unguessable URL, the issuer profiles with
 * their keys, the status lists, a verification endpoint and a verification page — what anyone holding a credential
 * needs to check it. With a token: the holder's credentials (to download and add to LinkedIn), a program's for its
 * managers, revocation, and key rotation for admins.
 */
@ApiTags('credentials')
@Controller()
export class CredentialsController {
  constructor(
    private readonly db: Database,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    private readonly documents: CredentialDocuments,
    private readonly keys: IssuerKeys,
  ) {}

  @Get('credentials/:credentialId')
  @Public()
  @RateLimited()
  @ApiOperation({ summary: 'A signed Open Badges 3.0 credential (public: its URL is the secret)' })
  @ApiNotFoundResponse()
  async credential(@Param('credentialId', UuidParam) credentialId: string): Promise<Record<string, unknown>> {
    return (await this.documents.credential(credentialId)) ?? notFound('Credential', 'credential.not_found');
  }

  @Get('credentials/:credentialId/verification')
  @Public()
  @RateLimited()
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'The verification page of a credential, for people: each check and its result' })
  async page(@Param('credentialId', UuidParam) credentialId: string): Promise<string> {
    const found = await findCredential(this.db, credentialId);
    if (!found) notFound('Credential', 'credential.not_found');
    const report = await verifyOpenBadge(found!.document, this.documents.loader(), this.clock.now());
    const subject = found!.document.credentialSubject as { achievement?: { name?: string; description?: string } };
    const issuer = found!.document.issuer as { name?: string };
    const row = (name: string, check: { ok: boolean; error?: string }) => `<tr><th scope="row">${name}</th><td>${check.ok ? 'passed' : `failed${check.error ? `: ${escape(check.error)}` : ''}`}</td></tr>`;
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(subject.achievement?.name ?? 'Credential')} — verification</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}table{border-collapse:collapse}th,td{text-align:left;padding:.4rem .8rem;border-bottom:1px solid #ccc}.verdict{font-size:1.4rem;font-weight:bold;color:${report.verified ? '#1b5e20' : '#b00020'}}</style></head>
<body><main><h1>${escape(subject.achievement?.name ?? 'Credential')}</h1><p>${escape(subject.achievement?.description ?? '')}</p><p>Issued by ${escape(issuer.name ?? '')} on ${escape(found!.issuedAt.slice(0, 10))}.</p>
<p class="verdict" role="status">${report.verified ? 'This credential is valid.' : 'This credential is NOT valid.'}</p>
<table><caption>Checks</caption>${row('Signature', report.checks.signature)}${row('Not revoked', report.checks.status)}${row('Validity dates', report.checks.validity)}${row('Issuer', report.checks.issuer)}</table>
<p><a href="${escape(found!.url)}">The credential (JSON-LD)</a></p></main></body></html>`;
  }

  @Post('credentials/verify')
  @Public()
  @RateLimited()
  @HttpCode(200)
  @ApiOperation({ summary: 'Verify a credential issued by this service: signature, status, validity dates and issuer, each reported' })
  @ApiBody({ type: VerifyCredentialDto })
  @ApiOkResponse({ type: VerificationView })
  verify(@Body() body: VerifyCredentialDto): Promise<VerificationReport> {
    return verifyOpenBadge(body.credential, this.documents.loader(), this.clock.now());
  }

  @Get('issuers/:tenantId')
  @Public()
  @RateLimited()
  @ApiOperation({ summary: "An issuer's profile: the controller document listing its keys (retired ones too: what they signed still verifies)" })
  @ApiNotFoundResponse()
  async issuer(@Param('tenantId', SubjectParam) tenantId: string) {
    return (await this.documents.issuerProfile(tenantId)) ?? notFound('Issuer', 'issuer.not_found');
  }

  @Get('issuers/:tenantId/keys/:keyNo')
  @Public()
  @RateLimited()
  @ApiOperation({ summary: "One of an issuer's keys (a Multikey verification method: the public part only)" })
  @ApiNotFoundResponse()
  async key(@Param('tenantId', SubjectParam) tenantId: string, @Param('keyNo', NumberParam) keyNo: string) {
    return (await this.documents.verificationMethod(tenantId, Number(keyNo))) ?? notFound('Key', 'issuer.key_not_found');
  }

  @Get('status-lists/:tenantId/:listNo')
  @Public()
  @RateLimited()
  @ApiOperation({ summary: "An issuer's revocation list: a signed BitstringStatusListCredential, as it stands" })
  @ApiNotFoundResponse()
  async statusList(@Param('tenantId', SubjectParam) tenantId: string, @Param('listNo', NumberParam) listNo: string) {
    if (!this.keys.enabled) notFound('Status list', 'status_list.not_found');
    return (await this.documents.statusList(tenantId, Number(listNo))) ?? notFound('Status list', 'status_list.not_found');
  }

  @Get('me/credentials')
  @Roles('mentor', 'mentee')
  @ApiBearerAuth()
  @ApiOperation({ summary: "The caller's credentials, newest first: the download URL, the verification page and a LinkedIn link" })
  @ApiOkResponse({ type: PageOf(HeldCredentialView) })
  async mine(@Query() query: PageQuery, @RequestContext() context: CommandContext): Promise<Page<HeldCredentialView>> {
    const page = await credentialsPage(this.db, context.tenantId, { personId: context.actor.id }, query);
    return { ...page, items: page.items.map((c) => this.held(c, context.tenantId)) };
  }

  @Get('programs/:programId/credentials')
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiBearerAuth()
  @ApiOperation({ summary: "A program's credentials, newest first" })
  @ApiOkResponse({ type: PageOf(CredentialView) })
  list(@Param('programId', UuidParam) programId: string, @Query() query: PageQuery, @RequestContext() context: CommandContext): Promise<Page<CredentialRow>> {
    return credentialsPage(this.db, context.tenantId, { programId }, query);
  }

  @Post('programs/:programId/credentials/:credentialId/revoke')
  @HttpCode(200)
  @Roles('program-manager', 'admin')
  @ProgramScope('program')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Revoke a credential with a reason: its bit is set in the status list, verifiers report it revoked' })
  @ApiOkResponse({ type: CredentialView })
  async revoke(
    @Param('programId', UuidParam) programId: string,
    @Param('credentialId', UuidParam) credentialId: string,
    @Body() body: RevokeCredentialDto,
    @RequestContext() context: CommandContext,
  ): Promise<CredentialRow> {
    await this.commands.execute(new RevokeCredentialCommand(programId, credentialId, body.reason, this.clock.now().toISOString(), context));
    const { document: _document, tenantId: _tenant, ...row } = (await findCredential(this.db, credentialId))!;
    return row;
  }

  @Post('issuers/keys/rotate')
  @HttpCode(200)
  @Roles('admin')
  @NotProgramScoped("the tenant's signing key, for its admins")
  @ApiBearerAuth()
  @ApiOperation({ summary: "Rotate the caller's tenant signing key: new credentials are signed with the next key; earlier ones keep verifying" })
  async rotate(@RequestContext() context: CommandContext): Promise<{ keyId: string }> {
    if (!this.keys.enabled) notFound('Issuer', 'credentials.disabled');
    const keyNo = await this.db.transaction((tx) => this.keys.rotate(tx, context.tenantId, this.clock.now().toISOString()));
    return { keyId: this.keys.keyId(context.tenantId, keyNo) };
  }

  private held(c: CredentialRow, tenantId: string): HeldCredentialView {
    const issued = new Date(c.issuedAt);
    const linkedIn = new URLSearchParams({
      startTask: 'CERTIFICATION_NAME', name: c.name, organizationName: this.keys.issuerName(tenantId),
      issueYear: String(issued.getUTCFullYear()), issueMonth: String(issued.getUTCMonth() + 1), certUrl: `${c.url}/verification`, certId: c.credentialId,
    });
    return { ...c, verificationPage: `${c.url}/verification`, linkedInUrl: `https://www.linkedin.com/profile/add?${linkedIn}` };
  }
}

function notFound(what: string, code: string): never {
  throw new NotFoundError(`${what} not found`, code);
}
