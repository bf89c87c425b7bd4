/**
 * The demo call centre the playground is seeded with on first start: three teams, thirty
 * agents, three supervisors, a leader and an admin, with English and Chinese names, on shifts.
 * It is a roster CSV, imported through the same path as a real one.
 */
const teams = [
  { name: 'Support A', zone: 'Europe/London', shifts: ['Mon-Fri 08:00-16:30', 'Mon-Fri 12:00-20:30', 'Sat,Sun 09:00-17:30'] },
  { name: 'Billing', zone: 'Europe/London', shifts: ['Mon-Fri 09:00-17:30', 'Tue-Sat 10:00-18:30'] },
  { name: '上海热线 Shanghai Hotline', zone: 'Asia/Shanghai', shifts: ['Mon-Fri 08:30-17:00', 'Mon-Fri 22:00-06:00', 'Sat,Sun 09:00-18:00'] },
];

const englishNames = [
  'Ana Souza', 'Ben Carter', 'Chloe Martin', 'David Okafor', 'Emma Wilson', 'Farid Haddad', 'Grace Lee',
  'Hugo Bernard', 'Isla Murphy', 'Jack Turner', 'Kiran Patel', 'Laura Novak', 'Mateo Rossi', 'Nina Fischer',
  'Omar Aziz', 'Priya Shah', 'Quinn Walsh', 'Rosa Diaz', 'Sam Taylor', 'Tara Kelly',
];
const chineseNames = [
  ['王芳', 'wang.fang'], ['李娜', 'li.na'], ['张伟', 'zhang.wei'], ['刘洋', 'liu.yang'], ['陈静', 'chen.jing'],
  ['杨磊', 'yang.lei'], ['赵敏', 'zhao.min'], ['黄婷', 'huang.ting'], ['周杰', 'zhou.jie'], ['吴霞', 'wu.xia'],
] as const;

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z]+/g, '.').replace(/^\.|\.$/g, '');
}

export function demoRosterCsv(domain = 'example.com'): string {
  const rows = [['name', 'email', 'role', 'team', 'timezone', 'shift pattern', 'locale']];
  const add = (name: string, local: string, role: string, team: string, zone: string, shift: string, locale: string) =>
    rows.push([name, `${local}@${domain}`, role, team, zone, shift, locale]);

  add('Morgan Blake', 'morgan.blake', 'leader', '', 'Europe/London', '', 'en');
  add('Alex Admin', 'admin', 'admin', '', 'Europe/London', '', 'en');
  add('Sofia Reyes', 'sofia.reyes', 'supervisor', teams[0]!.name, teams[0]!.zone, 'Mon-Fri 08:00-16:30', 'en');
  add('James Park', 'james.park', 'supervisor', teams[1]!.name, teams[1]!.zone, 'Mon-Fri 09:00-17:30', 'en');
  add('林晓', 'lin.xiao', 'supervisor', teams[2]!.name, teams[2]!.zone, 'Mon-Fri 08:30-17:00', 'zh-CN');

  englishNames.forEach((name, i) => {
    const team = teams[i % 2]!;
    add(name, slug(name), 'agent', team.name, team.zone, team.shifts[i % team.shifts.length]!, 'en');
  });
  chineseNames.forEach(([name, local], i) => {
    const team = teams[2]!;
    add(name, local, 'agent', team.name, team.zone, team.shifts[i % team.shifts.length]!, 'zh-CN');
  });
  return rows.map((r) => r.map((f) => (/[",\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',')).join('\n') + '\n';
}
