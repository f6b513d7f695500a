import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCheck, PolicySyntaxError, type PolicyCheck } from '../../../../src/common/policy/index.js';

/** A compact rendering of a parsed check, to compare trees at a glance. */
function show(check: PolicyCheck): string {
  switch (check.kind) {
    case 'always':
      return '@';
    case 'never':
      return '!';
    case 'not':
      return `not ${show(check.check)}`;
    case 'and':
    case 'or':
      return `(${check.checks.map(show).join(` ${check.kind} `)})`;
    case 'rule':
      return `rule:${check.name}`;
    case 'role':
      return `role:${check.role.parts.map((p) => (typeof p === 'string' ? p : `{${p.key}}`)).join('')}`;
    case 'generic': {
      const left =
        'literal' in check.attribute ? `<${check.attribute.literal}>` : check.attribute.path.join('.');
      return `${left}:${check.value.parts.map((p) => (typeof p === 'string' ? p : `{${p.key}}`)).join('')}`;
    }
  }
}

const parse = (check: string) => show(parseCheck('test_rule', check));

describe('parseCheck', () => {
  it('reads an empty check string as always', () => {
    assert.equal(parse(''), '@');
    assert.equal(parse('   '), '@');
  });

  it('reads @ and ! as always and never', () => {
    assert.equal(parse('@'), '@');
    assert.equal(parse('!'), '!');
  });

  it('binds not tighter than and, and tighter than or', () => {
    assert.equal(parse('role:a or role:b and role:c'), '(role:a or (role:b and role:c))');
    assert.equal(parse('role:a and role:b or role:c'), '((role:a and role:b) or role:c)');
    assert.equal(parse('not role:a and role:b'), '(not role:a and role:b)');
    assert.equal(parse('role:a or not role:b or role:c'), '(role:a or not role:b or role:c)');
    assert.equal(parse('not not role:a'), 'not not role:a');
  });

  it('groups with parentheses, even when glued to checks', () => {
    assert.equal(parse('(role:a or role:b) and role:c'), '((role:a or role:b) and role:c)');
    assert.equal(parse('not (role:a or role:b)'), 'not (role:a or role:b)');
    assert.equal(parse('((role:a))'), 'role:a');
    assert.equal(
      parse('(user_id:%(target.user.id)s) or (project_id:%(project_id)s)'),
      '(user_id:{target.user.id} or project_id:{project_id})',
    );
  });

  it('reads keywords in any case', () => {
    assert.equal(parse('role:a AND NOT role:b Or role:c'), '((role:a and not role:b) or role:c)');
  });

  it('splits rule, role and generic checks at the first colon', () => {
    assert.equal(parse('rule:admin_required'), 'rule:admin_required');
    assert.equal(parse('role:compute:admin'), 'role:compute:admin');
    assert.equal(
      parse('token.project.domain.id:%(target.domain.id)s'),
      'token.project.domain.id:{target.domain.id}',
    );
  });

  it('reads Python literals on the left and keeps other names as credential paths', () => {
    assert.equal(parse('None:%(target.role.domain_id)s'), '<None>:{target.role.domain_id}');
    assert.equal(parse('True:%(enabled)s'), '<True>:{enabled}');
    assert.equal(parse("'member':%(role.name)s"), '<member>:{role.name}');
    assert.equal(parse('1:%(count)s'), '<1>:{count}');
    assert.equal(parse('is_admin:1'), 'is_admin:1');
  });

  it('reads literals and substitutions on the right', () => {
    assert.equal(parse('is_admin_project:True'), 'is_admin_project:True');
    assert.equal(parse("name:'quoted'"), 'name:quoted');
    assert.equal(parse('id:prefix-%(a)s-%(b)s'), 'id:prefix-{a}-{b}');
    assert.equal(parse('ratio:100%%'), 'ratio:100%');
  });

  it('names the rule and the problem when a check string does not parse', () => {
    const cases: [string, RegExp][] = [
      ['role:a or', /ends where a check is expected/],
      ['(role:a', /'\(' is not closed/],
      ['role:a)', /unexpected '\)'/],
      ['role:a role:b', /two checks with no 'and' or 'or' between them/],
      ['and role:a', /'and' where a check is expected/],
      ['admin', /"admin" is not a check of the form kind:value/],
      ['rule:', /names no rule/],
      [':x', /nothing before ':'/],
      ["'just a string'", /is not a check/],
      ['user_id:%(user_id)d', /'%' that is not/],
      ['user_id:%(user_id', /'%' that is not/],
    ];
    for (const [check, problem] of cases) {
      assert.throws(
        () => parseCheck('identity:broken', check),
        (error: unknown) => {
          assert.ok(error instanceof PolicySyntaxError, check);
          assert.match(error.message, /^Policy rule "identity:broken" is not valid/);
          assert.match(error.message, problem, check);
          return true;
        },
      );
    }
  });
});
