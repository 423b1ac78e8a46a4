-- Reserved for work in progress (0008_log_serve); intentionally empty.
SELECT 1;
