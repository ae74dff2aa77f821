/** The SQLAlchemy model facts FG302/FG303 use (and issue 5's schema generation will): columns across files, mixins, 2.0 style. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modelNamed, ownerColumn, privilegedColumns, workspaceModels } from '../../../server/src/analysis/models';
import { engineFor } from '../../helpers/engine';
import { lines } from './positions';

test('Flask-SQLAlchemy models, mixins from another module, declarative 2.0 style', async () => {
  const engine = await engineFor({
    'mixins.py': lines('from extensions import db', '', '', 'class Timestamped:', '    created_at = db.Column(db.DateTime, nullable=False)'),
    'extensions.py': lines('from flask_sqlalchemy import SQLAlchemy', '', 'db = SQLAlchemy()'),
    'models.py': lines(
      'from typing import Optional',
      '',
      'from sqlalchemy import ForeignKey, String',
      'from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column',
      '',
      'from extensions import db',
      'from mixins import Timestamped',
      '',
      '',
      'class User(Timestamped, db.Model):',
      "    __tablename__ = 'users'",
      '    id = db.Column(db.Integer, primary_key=True)',
      "    login = db.Column('user_login', db.String(80), unique=True, nullable=False)",
      '    is_admin = db.Column(db.Boolean, default=False)',
      '',
      '',
      'class Base(DeclarativeBase):',
      '    pass',
      '',
      '',
      'class Note(Base):',
      "    __tablename__ = 'note'",
      '    id: Mapped[int] = mapped_column(primary_key=True)',
      '    title: Mapped[str] = mapped_column(String(200))',
      '    summary: Mapped[Optional[str]]= mapped_column(String(500))',
      "    owner_id: Mapped[int] = mapped_column(ForeignKey('users.id'))",
      '',
      '',
      'class NotAModel:',
      '    name = "x"',
    ),
  });
  const user = modelNamed(engine.workspace, 'User')!;
  assert.equal(user.table, 'users');
  assert.deepEqual(user.columns.map((c) => [c.name, c.type, c.length, c.nullable, c.primaryKey]), [
    ['id', 'Integer', undefined, false, true],
    ['login', 'String', 80, false, false],
    ['is_admin', 'Boolean', undefined, true, false],
    ['created_at', 'DateTime', undefined, false, false],
  ]);
  assert.deepEqual(privilegedColumns(user).map((c) => c.name), ['id', 'is_admin', 'created_at']);
  const note = modelNamed(engine.workspace, 'Note')!;
  assert.deepEqual(note.columns.map((c) => [c.name, c.type, c.length, c.nullable, c.foreignKey]), [
    ['id', 'int', undefined, false, undefined],
    ['title', 'String', 200, false, undefined],
    ['summary', 'String', 500, true, undefined],
    ['owner_id', 'int', undefined, false, 'users.id'],
  ]);
  assert.equal(ownerColumn(note, ['users'])?.name, 'owner_id');
  assert.deepEqual(workspaceModels(engine.workspace).all.map((m) => m.name).sort(), ['Note', 'User']);
});

test('a model base bound to another name (`BaseModel = db.Model`); audit columns are not owners', async () => {
  const engine = await engineFor({
    'models.py': lines(
      'from flask_sqlalchemy import SQLAlchemy',
      '',
      'db = SQLAlchemy()',
      'BaseModel = db.Model',
      '',
      '',
      'class Page(BaseModel):',
      '    id = db.Column(db.Integer, primary_key=True)',
      "    created_by = db.Column(db.Integer, db.ForeignKey('users.id', ondelete='SET NULL'))",
      '',
      '',
      'class Order(BaseModel):',
      '    id = db.Column(db.Integer, primary_key=True)',
      "    user_id = db.Column(db.Integer, db.ForeignKey('users.id', ondelete='SET NULL'))",
    ),
  });
  assert.deepEqual(workspaceModels(engine.workspace).all.map((m) => m.name).sort(), ['Order', 'Page']);
  const page = modelNamed(engine.workspace, 'Page')!;
  assert.equal(page.columns.find((c) => c.name === 'created_by')?.onDelete, 'SET NULL');
  assert.equal(ownerColumn(page), undefined);
  assert.equal(ownerColumn(modelNamed(engine.workspace, 'Order')!)?.name, 'user_id');
});

test('peewee and MongoEngine models: their `*Field` attributes are columns; WTForms forms are not models', async () => {
  const engine = await engineFor({
    'models.py': lines(
      'import mongoengine as me',
      'from peewee import BooleanField, CharField, Model',
      'from wtforms import StringField',
      'from flask_wtf import FlaskForm',
      '',
      '',
      'class BaseModel(Model):',
      '    class Meta:',
      '        database = None',
      '',
      '',
      'class Account(BaseModel):',
      '    name = CharField(null=False)',
      '    is_staff = BooleanField(default=False)',
      '',
      '',
      'class Note(me.Document):',
      '    title = me.StringField(required=True)',
      "    owner = me.ReferenceField('Account')",
      '',
      '',
      'class NoteForm(FlaskForm):',
      '    title = StringField()',
    ),
  });
  assert.deepEqual(workspaceModels(engine.workspace).all.map((m) => m.name).sort(), ['Account', 'BaseModel', 'Note']);
  assert.deepEqual(privilegedColumns(modelNamed(engine.workspace, 'Account')!).map((c) => [c.name, c.nullable, c.hasDefault]), [['is_staff', true, true]]);
  assert.deepEqual(modelNamed(engine.workspace, 'Note')!.columns.map((c) => [c.name, c.nullable]), [['title', false], ['owner', true]]);
  assert.equal(ownerColumn(modelNamed(engine.workspace, 'Note')!)?.name, 'owner');
});
