// `mlt`: the operator's command line. Every command reads the same environment as the services.
import { Command } from 'commander';
import { dbMigrate, dbRollback } from './commands/db-migrate.ts';
import { dbStats } from './commands/db-stats.ts';
import { enqueue } from './commands/enqueue.ts';
import { queuesStatus } from './commands/queues-status.ts';

const program = new Command('mlt').description('mltrading operations').showHelpAfterError();

const db = program.command('db').description('database schema and monitoring');
db.command('migrate').description('create the database if missing and apply every pending migration').action(dbMigrate);
db.command('rollback')
  .description('undo the newest migration (or all of them)')
  .option('--all', 'roll back every migration')
  .action(dbRollback);
db.command('stats').description("the schema's monitoring figures: sizes, index usage, log counts").action(dbStats);

program.command('queues').description('job counts per queue and state').action(queuesStatus);
program
  .command('enqueue')
  .description('validate a payload and add it to a queue; prints the job id and correlation id')
  .argument('<queue>', 'ingest | features | predict | execute | logs')
  .argument('<json>', 'the payload as JSON')
  .action(enqueue);

await program.parseAsync(process.argv);
