-- Reserved for work in progress (0010_portal); intentionally empty.
SELECT 1;
